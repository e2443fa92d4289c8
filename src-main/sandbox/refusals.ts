import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { HttpError } from './http-errors.js';
import { toImageWire, type SandboxImageWire } from './image-wire.js';
import { S3StoreError } from './s3/index.js';
import { WERKZEUG_404_DESCRIPTION, werkzeugErrorPage } from './werkzeug-pages.js';

/** How a route's refusals look by default (the dialects errors-200 / errors-html override all but `file`'s status). */
export type RefusalShape =
  /** `{success: false, msg}`: what most routes answer. */
  | { kind: 'msg' }
  /**
   * The API document's own answer shape for the call, `{success: false, status[, image]}`: start/stop predict and
   * the share calls (with the image when it exists), DELETE /Images/:uid (without).
   */
  | { kind: 'status'; imageOf?: (request: FastifyRequest) => SandboxImageWire | undefined }
  /** File downloads: the client reads bytes, so even errors-200 keeps their real HTTP status. */
  | { kind: 'file' };

interface Refusal {
  status: number;
  message: string;
  /** Extra fields of the default `msg` body (the S3 error code of a store failure). */
  extra?: Record<string, string>;
}

type ErrorHandler = (
  error: FastifyError | HttpError | S3StoreError,
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply;

/** A Fastify error handler answering in `shape`, as the active dialects say. */
export function refusalHandler(ctx: SandboxContext, shape: RefusalShape): ErrorHandler {
  return (error, request, reply) => sendRefusal(ctx, request, reply, refusalOf(error, request), shape);
}

/** The not-found handler: an unknown endpoint (or method) is a 404 refusal like any other. */
export function notFoundHandler(ctx: SandboxContext) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const message = ctx.dialects.has('errors-html')
      ? WERKZEUG_404_DESCRIPTION
      : `No such endpoint: ${request.method} ${request.url.split('?')[0]}`;
    return sendRefusal(ctx, request, reply, { status: 404, message }, { kind: 'msg' });
  };
}

/** The image a refusal concerns, when the request names one that exists (looked up by `uid`). */
export function imageNamedBy(
  ctx: SandboxContext,
  pick: (request: FastifyRequest) => unknown,
): (request: FastifyRequest) => SandboxImageWire | undefined {
  return (request) => {
    const uid = pick(request);
    const row = typeof uid === 'string' ? ctx.images.byUniqueId(uid) : undefined;
    return row && toImageWire(row, ctx);
  };
}

function refusalOf(error: FastifyError | HttpError | S3StoreError, request: FastifyRequest): Refusal {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  if (error instanceof S3StoreError)
    return { status: error.status, message: error.message, extra: { error: error.code } };
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status < 500) return { status, message: error.message }; // Fastify's own: bad JSON, media type, size
  process.stderr.write(
    `sandbox: ${request.method} ${request.routeOptions.url ?? '?'} failed: ${error.stack ?? error.message}\n`,
  );
  return { status: 500, message: 'The sandbox hit an internal error; see its console.' };
}

function sendRefusal(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  { status, message, extra }: Refusal,
  shape: RefusalShape,
): FastifyReply {
  if (ctx.dialects.has('errors-html'))
    return reply.code(status).type('text/html; charset=utf-8').send(werkzeugErrorPage(status, message));
  // The token check's 401 keeps its status and never carries image data, whatever the route.
  if (status === 401) return reply.code(401).send({ success: false, msg: message });
  if (ctx.dialects.has('errors-200') && shape.kind !== 'file')
    return reply.code(200).send({ success: false, status: message });
  if (shape.kind === 'status') {
    const image = safely(() => shape.imageOf?.(request));
    return reply.code(status).send({ success: false, status: message, ...(image ? { image } : {}) });
  }
  return reply.code(status).send({ success: false, msg: message, ...extra });
}

/** A failed look-up while answering a refusal must not turn it into a crash: answer without the image. */
function safely<T>(look: () => T): T | undefined {
  try {
    return look();
  } catch {
    return undefined;
  }
}
