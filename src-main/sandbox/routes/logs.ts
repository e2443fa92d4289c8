import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addLogRequestSchema } from '../../../src-shared/api/index.js';
import type { SandboxContext } from '../context.js';
import { notFound, parseOr400 } from '../http-errors.js';
import { toLogWire } from '../image-wire.js';

const uidParam = z.object({ uid: z.string().min(1).max(200) });

export function registerLogRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/LogInfo', async () => ctx.logs.all().map((row) => toLogWire(row, ctx)));

  app.get('/LogInfo/:uid', async (request) => {
    const { uid } = parseOr400(uidParam, request.params, 'image id');
    if (!ctx.images.byUniqueId(uid)) throw notFound(`Image ${uid} does not exist.`);
    return ctx.logs.forImage(uid).map((row) => toLogWire(row, ctx));
  });

  // The no-loginfo dialect: a server without the document's "Add log" call (clients must cope with the 404).
  if (ctx.dialects.has('no-loginfo')) return;
  app.post('/LogInfo', async (request) => {
    const body = parseOr400(addLogRequestSchema, request.body, 'log entry');
    if (!ctx.images.byUniqueId(body.imageid)) throw notFound(`Image ${body.imageid} does not exist.`);
    ctx.logs.add(body.imageid, body.type, body.message);
    return { success: true, msg: 'Log added' };
  });
}
