import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { conflict, notFound, parseOr400 } from '../http-errors.js';
import { toImageWire } from '../image-wire.js';
import { imageNamedBy, refusalHandler } from '../refusals.js';

const uidParam = z.object({ uid: z.string().min(1).max(200) });

export function registerPredictionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const imageOr404 = (params: unknown) => {
    const { uid } = parseOr400(uidParam, params, 'image id');
    const row = ctx.images.byUniqueId(uid);
    if (!row) throw notFound(`Image ${uid} does not exist.`);
    return row;
  };
  // The document's answer is {success, status, image}: refusals come in that shape too, with the image if any.
  const options = {
    errorHandler: refusalHandler(ctx, {
      kind: 'status',
      imageOf: imageNamedBy(ctx, (request) => (request.params as { uid?: unknown }).uid),
    }),
  };

  app.get('/Images/startpredict/:uid', options, async (request) => {
    const row = imageOr404(request.params);
    const uid = row.image_unique_id;
    if (row.uploaded === 0)
      throw conflict(`Image ${uid} has not been uploaded yet; a prediction needs the uploaded slide.`);
    if (row.tiling_status === 'Failed') {
      throw conflict(
        `Image ${uid} cannot be predicted: its upload could not be read as a slide (tiling Failed); see its log.`,
      );
    }
    if (row.tiling_status !== 'Completed') {
      throw conflict(
        `Image ${uid} is still being tiled (tiling ${row.tiling_status}); start the prediction once tiling is Completed.`,
      );
    }
    if (ctx.prediction.isRunning(uid)) throw conflict(`A prediction is already running for image ${uid}.`);
    ctx.prediction.start(uid);
    return {
      success: true,
      status: 'Prediction started',
      image: toImageWire(ctx.images.byUniqueId(uid)!, ctx),
    };
  });

  app.get('/Images/stoppredict/:uid', options, async (request) => {
    const row = imageOr404(request.params);
    if (!ctx.prediction.stop(row.image_unique_id))
      throw conflict(`No prediction is running for image ${row.image_unique_id}.`);
    return {
      success: true,
      status: 'Prediction stopped',
      image: toImageWire(ctx.images.byUniqueId(row.image_unique_id)!, ctx),
    };
  });
}
