import type { FastifyInstance } from 'fastify';
import { parseSharedUserIds, shareRequestSchema, type ShareAction } from '../../../src-shared/api/index.js';
import type { SandboxContext } from '../context.js';
import { badRequest, notFound, parseOr400 } from '../http-errors.js';
import { toImageWire } from '../image-wire.js';
import { imageNamedBy, refusalHandler } from '../refusals.js';

const ACTIONS: Record<
  ShareAction,
  { apply: (current: number[], given: number[]) => number[]; status: string }
> = {
  adduser: { apply: (current, given) => [...current, ...given], status: 'Users added' },
  removeuser: {
    apply: (current, given) => current.filter((id) => !given.includes(id)),
    status: 'Users removed',
  },
  updateuser: { apply: (_current, given) => given, status: 'Users updated' },
};

export function registerSharingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  // The document's answer is {success, status, image}: refusals come in that shape too, with the image if any.
  const options = {
    errorHandler: refusalHandler(ctx, {
      kind: 'status',
      imageOf: imageNamedBy(ctx, (request) => (request.body as { imageid?: unknown } | undefined)?.imageid),
    }),
  };
  for (const [action, { apply, status }] of Object.entries(ACTIONS)) {
    app.post(`/Images/${action}`, options, async (request) => {
      const body = parseOr400(shareRequestSchema, request.body, 'share request');
      const row = ctx.images.byUniqueId(body.imageid);
      if (!row) throw notFound(`Image ${body.imageid} does not exist.`);
      const unknown = ctx.users.unknownOf(body.userid);
      if (unknown.length > 0) throw badRequest(`Unknown user id(s): ${unknown.join(', ')}.`);
      const updated = ctx.images.setShared(
        row.image_unique_id,
        apply(parseSharedUserIds(row.shared), body.userid),
      )!;
      return { success: true, status, image: toImageWire(updated, ctx) };
    });
  }
}
