import type { ImageRecord } from '../../src-shared/api/index.js';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/index.js';

/**
 * The API has no "get one image" call: look in the user's own list first (one small request), then in every
 * user's list. Not finding it is an ApiError of kind "not-found", like the server's own 404s.
 */
export async function findImage(
  api: ApiClient,
  userId: number | null,
  imageUniqueId: string,
): Promise<ImageRecord> {
  if (userId !== null) {
    const mine = (await api.listImagesOfUser(userId)).find(
      (image) => image.image_unique_id === imageUniqueId,
    );
    if (mine) return mine;
  }
  for (const user of await api.listUsersWithImages()) {
    const theirs = user.images.find((image) => image.image_unique_id === imageUniqueId);
    if (theirs) return theirs;
  }
  throw new ApiError({
    endpoint: 'GET /Users/imagelist',
    kind: 'not-found',
    subject: `image ${imageUniqueId}`,
    message: `Image ${imageUniqueId} was not found in any user's image list; it may have been deleted.`,
  });
}
