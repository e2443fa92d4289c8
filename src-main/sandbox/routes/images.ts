import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createImageRequestSchema, updateImageRequestSchema } from '../../../src-shared/api/index.js';
import type { SandboxContext } from '../context.js';
import { badRequest, conflict, HttpError, notFound, parseOr400 } from '../http-errors.js';
import { toImageWire } from '../image-wire.js';
import { refusalHandler } from '../refusals.js';
import { WERKZEUG_500_DESCRIPTION } from '../werkzeug-pages.js';
import { sendPutAnswer } from './put-answer.js';

const userIdParam = z.object({ id: z.coerce.number().int().nonnegative() });
const imageKeyParam = z.object({ imageKey: z.string().min(1).max(200) });

export function registerImageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/Images', async (request) => {
    const body = parseOr400(createImageRequestSchema, request.body, 'image');
    ctx.users.register(body.userid);
    const row = ctx.images.create(body);
    const { url, fields } = await ctx.store.presignPost(row.image_unique_id, {
      expiresSeconds: ctx.presignTtlSeconds,
      signatureVersion: ctx.dialects.has('sigv2') ? 'v2' : 'v4',
    });
    return { ...toImageWire(row, ctx), response: { url, ...fields } };
  });

  app.get('/Images/userid/:id', async (request) => {
    const { id } = parseOr400(userIdParam, request.params, 'user id');
    return ctx.images.visibleTo(id).map((row) => toImageWire(row, ctx));
  });

  app.get('/Users/imagelist', async () =>
    ctx.users.all().map((user) => ({
      userid: user.id,
      images: ctx.images.visibleTo(user.id).map((row) => toImageWire(row, ctx)),
    })),
  );

  app.put('/Images/:imageKey', async (request, reply) => {
    const { imageKey } = parseOr400(imageKeyParam, request.params, 'image id');
    if (!/^\d+$/.test(imageKey))
      throw badRequest(`PUT /Images/:id takes the numeric image id, not "${imageKey}".`);
    const existing = ctx.images.byId(Number(imageKey));
    if (!existing) throw notFound(`Image ${imageKey} does not exist.`);
    const patch = parseOr400(updateImageRequestSchema, request.body ?? {}, 'image update');
    const marksUploaded = patch.status === 'Uploaded' && existing.uploaded === 0;
    if (marksUploaded && !(await ctx.store.headObject(existing.image_unique_id))) {
      throw conflict(
        `No file has been uploaded for image ${existing.image_unique_id} yet; upload it before marking it Uploaded.`,
      );
    }
    const row = ctx.images.update(existing.image_unique_id, {
      ...patch,
      ...(marksUploaded ? { uploaded: 1 } : {}),
    })!;
    if (marksUploaded) ctx.processing.start(row.image_unique_id);
    return sendPutAnswer(ctx, reply, toImageWire(row, ctx));
  });

  // The document's answer is {success, status}: refusals come in that shape too.
  const deleteOptions = { errorHandler: refusalHandler(ctx, { kind: 'status' }) };
  app.delete('/Images/:imageKey', deleteOptions, async (request) => {
    const { imageKey: uid } = parseOr400(imageKeyParam, request.params, 'image id');
    if (!ctx.images.byUniqueId(uid)) {
      // A Flask view that looks the image up and deletes it without checking for None fails with a 500.
      if (ctx.dialects.has('errors-html')) throw new HttpError(500, WERKZEUG_500_DESCRIPTION);
      throw notFound(`Image ${uid} does not exist.`);
    }
    ctx.processing.cancel(uid);
    ctx.prediction.cancel(uid);
    await ctx.store.deleteObject(uid);
    await rm(path.join(ctx.rawDir, uid), { recursive: true, force: true });
    ctx.logs.deleteForImage(uid);
    ctx.images.delete(uid);
    return { success: true, status: 'Image deleted' };
  });
}
