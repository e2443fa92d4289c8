import type { ImageRecord } from '../../../../src-shared/api/index.js';
import { ApiError } from '../../../api/index.js';
import type { CliContext } from '../../cli-context.js';

/**
 * The API has no "get one image" call: look in the CLI user's own list first (one small request), then in
 * every user's list. Not finding it is an ApiError of kind "not-found", like the server's own 404s.
 */
export async function findImage(
  ctx: CliContext,
  imageUniqueId: string,
  signal?: AbortSignal,
): Promise<ImageRecord> {
  const own = await ctx.api.listImagesOfUser(ctx.userId, { signal });
  const mine = own.find((image) => image.image_unique_id === imageUniqueId);
  if (mine) return mine;
  for (const user of await ctx.api.listUsersWithImages({ signal })) {
    const theirs = user.images.find((image) => image.image_unique_id === imageUniqueId);
    if (theirs) return theirs;
  }
  throw new ApiError({
    endpoint: 'GET /Users/imagelist',
    kind: 'not-found',
    message:
      `Image ${imageUniqueId} was not found: no user's image list holds it. ` +
      'Check the id with `pathomiq-uploader images --all`; it may have been deleted.',
  });
}
