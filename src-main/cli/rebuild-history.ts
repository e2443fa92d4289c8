import type { ImageRow } from '../../src-shared/app/index.js';
import type { CliContext } from './cli-context.js';
import { expandPaths } from './expand-paths.js';
import { uploadCandidates } from './rebuild-candidates.js';

/** What the uploader writes in an image's server log when its bytes are stored and marked Uploaded. */
const FINISHED = /^Upload finished: .* SHA-256 ([0-9a-f]{64})$/;

export interface RebuiltHistory {
  /** Uploads on the server with the hash of their bytes (from the uploader's own log entries). */
  serverUploads: number;
  filesRead: number;
  /** What those files are as uploads: single files, and multi-file slides counted once. */
  slidesRead: number;
  /** Slides (files, or multi-file slides by their main file) whose bytes are an upload on the server. */
  remembered: Array<{ path: string; imageUniqueId: string }>;
}

/**
 * Rebuilds the memory of uploads after a queue was lost without a backup: the server's uploads of this user
 * whose log says which bytes were stored (SHA-256), matched against the files in `folders`. A match is
 * remembered as an upload of that file, so adding it (or a copy) again says "already uploaded" instead of
 * sending it twice. A multi-file slide is matched by the ZIP of its members, and a slide that can be
 * de-identified also by its de-identified bytes, as the queue would have sent them. Files are read whole (twice
 * where de-identification applies); nothing is uploaded and nothing on the server changes.
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
  const { candidates, slides } = await uploadCandidates(files);
  for (const candidate of candidates) {
    const image = bySha256.get(candidate.sha256);
    if (!image) continue;
    const { sha256, path, ...sent } = candidate;
    await ctx.connection.engine.rememberUpload({
      path,
      userid: ctx.userId,
      sha256,
      imageId: image.id,
      imageUniqueId: image.image_unique_id,
      sent,
    });
    remembered.push({ path, imageUniqueId: image.image_unique_id });
  }
  return { serverUploads: bySha256.size, filesRead: files.length, slidesRead: slides, remembered };
}
