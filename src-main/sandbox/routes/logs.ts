import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addLogRequestSchema } from '../../../src-shared/api/index.js';
import type { SandboxContext } from '../context.js';
import { notFound, parseOr400 } from '../http-errors.js';

const uidParam = z.object({ uid: z.string().min(1).max(200) });

export function registerLogRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/LogInfo', async () => ctx.logs.all());

  app.get('/LogInfo/:uid', async (request) => {
    const { uid } = parseOr400(uidParam, request.params, 'image id');
    if (!ctx.images.byUniqueId(uid)) throw notFound(`Image ${uid} does not exist.`);
    return ctx.logs.forImage(uid);
  });

  app.post('/LogInfo', async (request) => {
    const body = parseOr400(addLogRequestSchema, request.body, 'log entry');
    if (!ctx.images.byUniqueId(body.imageid)) throw notFound(`Image ${body.imageid} does not exist.`);
    ctx.logs.add(body.imageid, body.type, body.message);
    return { success: true, msg: 'Log added' };
  });
}
