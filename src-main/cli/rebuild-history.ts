import type { ImageRow } from '../../src-shared/app/index.js';
import { fileSha256 } from '../shared/fingerprint.js';
import type { CliContext } from './cli-context.js';
import { expandPaths } from './expand-paths.js';

/** What the uploader writes in an image's server log when its bytes are stored and marked Uploaded. */
const FINISHED = /^Upload finished: .* SHA-256 ([0-9a-f]{64})$/;

export interface RebuiltHistory {
  /** Uploads on the server with the hash of their bytes (from the uploader's own log entries). */
  serverUploads: number;
  filesRead: number;
  /** Files whose bytes are an upload on the server: remembered as uploaded. */
  remembered: Array<{ path: string; imageUniqueId: string }>;
}

/**
 * Rebuilds the memory of uploads after a queue was lost without a backup: the server's uploads of this user
 * whose log says which bytes were stored (SHA-256), matched against the files in `folders`. A match is
 * remembered as an upload of that file, so adding it (or a copy) again says "already uploaded" instead of
 * sending it twice. Files are read whole once; nothing is uploaded and nothing on the server changes.
 */
export async function rebuildHistory(ctx: CliContext, folders: readonly string[]): Promise<RebuiltHistory> {
  const images = (await ctx.send('images.list', { scope: 'mine' })).filter(
    (image) => image.status === 'Uploaded',
  );
  const bySha256 = new Map<string, ImageRow>();
  for (const image of images) {
    for (const entry of await ctx.send('logs.list', { imageUniqueId: image.image_unique_id })) {
      const hash = FINISHED.exec(entry.message)?.[1];
      if (hash) bySha256.set(hash, image);
    }
  }
  const { files, problems } = await expandPaths(folders);
  for (const problem of problems) ctx.out.error(problem);
  const remembered: RebuiltHistory['remembered'] = [];
  for (const file of files) {
    const sha256 = await fileSha256(file);
    const image = bySha256.get(sha256);
    if (!image) continue;
    await ctx.connection.engine.rememberUpload({
      path: file,
      userid: ctx.userId,
      sha256,
      imageId: image.id,
      imageUniqueId: image.image_unique_id,
    });
    remembered.push({ path: file, imageUniqueId: image.image_unique_id });
  }
  return { serverUploads: bySha256.size, filesRead: files.length, remembered };
}
