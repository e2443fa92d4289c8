import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import parseRange from 'range-parser';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { HttpError, notFound, parseOr400 } from '../http-errors.js';
import { otherHostBase } from '../other-host.js';
import { refusalHandler } from '../refusals.js';
import { werkzeugRedirectPage } from '../werkzeug-pages.js';

const uidParam = z.object({ uid: z.string().min(1).max(200) });
// Only plain file names: no separators, no "..", so a request can never leave the image's folder.
const rawParams = z.object({
  uid: z.string().regex(/^[A-Za-z0-9_-]+$/),
  file: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/),
});

/** Answers a Range request (one range, as S3 does) or the whole file; returns the byte span to send. */
function applyRange(
  reply: FastifyReply,
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  reply.header('Accept-Ranges', 'bytes');
  if (!header || size === 0) return undefined;
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -2) return undefined; // malformed: ignored, as HTTP says
  if (ranges === -1 || ranges.length !== 1 || ranges[0] === undefined) {
    reply.header('Content-Range', `bytes */${size}`);
    throw new HttpError(416, `Requested range "${header}" is not satisfiable for a ${size}-byte file.`);
  }
  const { start, end } = ranges[0];
  reply.code(206).header('Content-Range', `bytes ${start}-${end}/${size}`);
  return { start, end };
}

/** download-302: how long the redirect's presigned GET lives (short, as servers that redirect use). */
const REDIRECT_TTL_SECONDS = 300;

export function registerFileRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // Clients read bytes here: refusals keep their real HTTP status whatever the dialect.
  const options = { errorHandler: refusalHandler(ctx, { kind: 'file' }) };

  app.get('/S3/file/:uid', options, async (request, reply) => {
    const { uid } = parseOr400(uidParam, request.params, 'image id');
    const row = ctx.images.byUniqueId(uid);
    const head = row && (await ctx.store.headObject(uid));
    if (!row || !head) throw notFound(`No file is stored for image ${uid}.`);
    if (ctx.dialects.has('download-302')) {
      // As a Flask server that redirects to S3 with boto3's generate_presigned_url: another host (localhost),
      // so a client must not carry its API token over (S3 refuses a request with two auth mechanisms).
      const location = await ctx.store.presignGetObject(uid, {
        expiresSeconds: Math.min(REDIRECT_TTL_SECONDS, ctx.presignTtlSeconds),
        endpoint: otherHostBase(ctx.apiBase()),
        responseContentDisposition: contentDisposition(row.filename),
      });
      return reply
        .code(302)
        .header('Location', location)
        .type('text/html; charset=utf-8')
        .send(werkzeugRedirectPage(location));
    }
    const range = applyRange(reply, request.headers.range, head.size);
    const opened = await ctx.store.openObject(uid, range);
    if (!opened) throw notFound(`No file is stored for image ${uid}.`);
    const length = range ? range.end - range.start + 1 : head.size;
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', length)
      .header('ETag', head.etag)
      .header('Content-Disposition', contentDisposition(row.filename))
      .send(opened.stream);
  });

  app.get('/raw/:uid/:file', options, async (request, reply) => {
    const { uid, file } = parseOr400(rawParams, request.params, 'file path');
    const target = path.join(ctx.rawDir, uid, file);
    const info = await stat(target).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`${file} does not exist (yet) for image ${uid}.`);
    const range = applyRange(reply, request.headers.range, info.size);
    return reply
      .header('Content-Type', file.endsWith('.xml') ? 'application/xml' : 'application/octet-stream')
      .header('Content-Length', range ? range.end - range.start + 1 : info.size)
      .send(createReadStream(target, range));
  });
}
