import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { JobView } from '../../src-shared/engine/index.js';
import type { WatchFolderSettings } from '../../src-shared/watcher/index.js';
import type { SlideMember } from '../slides/types.js';
import { applyToSet } from './post-upload-set.js';

export type PostUploadResult =
  { outcome: 'uploaded' | 'moved' | 'deleted'; message: string } | { outcome: 'failed'; message: string };

/** A free name in `folder` for `name`: "a.svs", else "a (2).svs", "a (3).svs", … */
async function freeTarget(folder: string, name: string): Promise<string> {
  const { name: stem, ext } = path.parse(name);
  for (let n = 1; ; n += 1) {
    const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
}

/**
 * After a verified upload (the job is done: size and checksum confirmed by storage), leave the file, move it into
 * the folder's subfolder (keeping its relative path), or delete it — but only if it is still exactly the
 * version that was uploaded.
 */
export async function applyPostUpload(
  root: string,
  settings: Pick<WatchFolderSettings, 'afterUpload' | 'moveSubdir'>,
  job: JobView,
  members: readonly SlideMember[] | null = null,
): Promise<PostUploadResult> {
  const name = path.basename(job.sourcePath);
  if (settings.afterUpload === 'leave') return { outcome: 'uploaded', message: `${name} uploaded.` };
  if (members) return applyToSet(root, settings, job, members);
  const info = await stat(job.sourcePath).catch(() => undefined);
  if (!info) return { outcome: 'uploaded', message: `${name} uploaded (already moved or removed).` };
  if (job.state !== 'done' || !job.sha256 || info.size !== job.size) {
    return { outcome: 'failed', message: `${name} changed after it was uploaded; it was left in place.` };
  }
  if (settings.afterUpload === 'delete') {
    await unlink(job.sourcePath);
    return { outcome: 'deleted', message: `${name} uploaded and verified; deleted from the folder.` };
  }
  const relative = path.relative(root, path.dirname(job.sourcePath));
  const folder = path.join(root, settings.moveSubdir ?? 'uploaded', relative);
  await mkdir(folder, { recursive: true });
  const target = await freeTarget(folder, name);
  await rename(job.sourcePath, target);
  return {
    outcome: 'moved',
    message: `${name} uploaded and verified; moved to ${path.relative(root, target)}.`,
  };
}
