import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { SandboxContext } from './context.js';
import { HttpError } from './http-errors.js';
import { S3StoreError } from './s3/index.js';
import { registerAnnotationRoutes } from './routes/annotations.js';
import { registerFileRoutes } from './routes/files.js';
import { registerImageRoutes } from './routes/images.js';
import { registerLogRoutes } from './routes/logs.js';
import { registerMultipartRoutes } from './routes/multipart.js';
import { registerPredictionRoutes } from './routes/predictions.js';
import { registerSharingRoutes } from './routes/sharing.js';

export interface AppOptions {
  /** When set, every API call needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Register the S3 multipart extension routes. */
  multipart: boolean;
}

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The sandbox's HTTP surface: the PathomIQ REST API (Fastify) and, on the same port, the S3 bucket
 * (path-style `/<bucket>/…`), which goes straight to the store so uploads stream without Fastify in between.
 */
export function buildApp(ctx: SandboxContext, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 5 * 1024 * 1024,
    serverFactory: (handler) =>
      createServer((req: IncomingMessage, res: ServerResponse) => {
        void ctx.store.handle(req, res).then((handled: boolean) => {
          if (!handled) handler(req, res);
        });
      }),
  });

  // Annotation uploads are read as a stream by the route itself.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

  if (options.token) {
    const expected = `Bearer ${options.token}`;
    app.addHook('onRequest', async (request) => {
      const given = request.headers.authorization ?? '';
      if (!sameSecret(given, expected)) {
        throw new HttpError(401, 'Missing or invalid access token. Sign in again with a valid token.');
      }
    });
  }

  app.setErrorHandler((error: FastifyError | HttpError | S3StoreError, request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send({ success: false, msg: error.message });
    if (error instanceof S3StoreError)
      return reply.code(error.status).send({ success: false, msg: error.message, error: error.code });
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      process.stderr.write(
        `sandbox: ${request.method} ${request.routeOptions.url ?? '?'} failed: ${error.stack ?? error.message}\n`,
      );
      return reply
        .code(500)
        .send({ success: false, msg: 'The sandbox hit an internal error; see its console.' });
    }
    // Fastify's own 4xx: malformed JSON, unsupported media type, body too large.
    return reply.code(status).send({ success: false, msg: error.message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ success: false, msg: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` }),
  );

  registerImageRoutes(app, ctx);
  registerPredictionRoutes(app, ctx);
  registerSharingRoutes(app, ctx);
  registerLogRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerAnnotationRoutes(app, ctx);
  if (options.multipart) registerMultipartRoutes(app, ctx);
  return app;
}
