import type { ImageRecord } from '../../../src-shared/api/index.js';
import type { ApiClient } from '../../../src-main/api/index.js';
import { writeRandomFile } from '../../helpers/files.js';
import { waitFor } from '../../helpers/wait.js';

export interface UploadedImage {
  uid: string;
  id: number;
  filename: string;
  bytes: Buffer;
}

/** An image of user 19 with its file in the store, marked Uploaded (so the simulated pipeline runs). */
export async function createUploadedImage(
  api: ApiClient,
  dir: string,
  filename: string,
  size = 48 * 1024,
): Promise<UploadedImage> {
  const { file, bytes } = await writeRandomFile(dir, filename, size);
  const created = await api.createImage({ filename, userid: 19, patient_id: 7 });
  await api.uploadByPresignedPost(created.response, file);
  await api.updateImage(created.id, { status: 'Uploaded' });
  return { uid: created.image_unique_id, id: created.id, filename, bytes };
}

/** User 19's current record of the image. */
export async function imageOf(api: ApiClient, uid: string): Promise<ImageRecord | undefined> {
  return (await api.listImagesOfUser(19)).find((image) => image.image_unique_id === uid);
}

/** Waits until the field has the value (e.g. tiling_status Completed before a prediction can start). */
export function waitForImage(
  api: ApiClient,
  uid: string,
  field: 'tiling_status' | 'status',
  value: string,
  timeoutMs?: number,
): Promise<ImageRecord> {
  return waitFor(
    async () => {
      const image = await imageOf(api, uid);
      return image?.[field] === value ? image : undefined;
    },
    `image ${uid} ${field} ${value}`,
    timeoutMs,
  );
}
