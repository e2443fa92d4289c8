import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from './context.js';
import { HttpError } from './http-errors.js';
import { servePublicRaw } from './public-raw.js';
import { notFoundHandler, refusalHandler } from './refusals.js';
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
}

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The sandbox's HTTP surface: the PathomIQ REST API (Fastify) and, on the same port, the S3 bucket
 * (path-style `/<bucket>/…`), which goes straight to the store so uploads stream without Fastify in between;
 * with the raw-on-s3 dialect also the public file host (public-raw.ts), which stands for another server.
 * The active dialects are in `ctx.dialects`.
 */
export function buildApp(ctx: SandboxContext, options: AppOptions): FastifyInstance {
  const publicRaw = ctx.dialects.has('raw-on-s3');
  const app = Fastify({
    logger: false,
    bodyLimit: 5 * 1024 * 1024,
    serverFactory: (handler) =>
      createServer((req: IncomingMessage, res: ServerResponse) => {
        void (async () => {
          if (await ctx.store.handle(req, res)) return;
          if (publicRaw && (await servePublicRaw(ctx.rawDir, req, res))) return;
          handler(req, res);
        })();
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

  app.setErrorHandler(refusalHandler(ctx, { kind: 'msg' }));
  app.setNotFoundHandler(notFoundHandler(ctx));

  registerImageRoutes(app, ctx);
  registerPredictionRoutes(app, ctx);
  registerSharingRoutes(app, ctx);
  registerLogRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerAnnotationRoutes(app, ctx);
  if (!ctx.dialects.has('no-multipart')) registerMultipartRoutes(app, ctx);
  return app;
}
