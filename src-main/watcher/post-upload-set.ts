import { mkdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { JobView } from '../../src-shared/engine/index.js';
import type { WatchFolderSettings } from '../../src-shared/watcher/index.js';
import { firstChangedMember, uploadSource } from '../engine/source/upload-source.js';
import type { SlideMember } from '../slides/types.js';
import type { PostUploadResult } from './post-upload.js';

/**
 * After a verified upload of a multi-file slide: move or delete every member — only if each is still exactly the
 * version uploaded — and remove the slide's folders once empty. Moving keeps the layout (the .mrxs next to its
 * folder), so the moved slide still opens; it never overwrites: a slide of that name already moved stays put.
 */
export async function applyToSet(
  root: string,
  settings: Pick<WatchFolderSettings, 'afterUpload' | 'moveSubdir'>,
  job: JobView,
  members: readonly SlideMember[],
): Promise<PostUploadResult> {
  const name = path.basename(job.sourcePath);
  const now = await uploadSource(job.sourcePath, members)
    .stat()
    .catch(() => undefined);
  if (!now)
    return { outcome: 'uploaded', message: `${name} uploaded (its files were already moved or removed).` };
  const changed = firstChangedMember(members, now.members ?? []);
  if (job.state !== 'done' || !job.sha256 || changed !== undefined || now.size !== job.size)
    return {
      outcome: 'failed',
      message: `${name} uploaded, but ${changed ?? 'one of its files'} changed afterwards; the slide was left in place.`,
    };
  const base = path.dirname(job.sourcePath);
  if (settings.afterUpload === 'delete') {
    for (const member of members) await unlink(member.path);
    await removeEmptyFolders(base, members);
    return {
      outcome: 'deleted',
      message: `${name} uploaded and verified; its ${members.length} files were deleted from the folder.`,
    };
  }
  const targetBase = path.join(root, settings.moveSubdir ?? 'uploaded', path.relative(root, base));
  const targets = members.map((member) => path.join(targetBase, ...member.entryName.split('/')));
  for (const target of targets)
    if (await stat(target).catch(() => undefined))
      return {
        outcome: 'failed',
        message: `${name} uploaded and verified, but ${path.relative(root, target)} already exists; the slide was left in place.`,
      };
  for (const [index, member] of members.entries()) {
    await mkdir(path.dirname(targets[index]!), { recursive: true });
    await rename(member.path, targets[index]!);
  }
  await removeEmptyFolders(base, members);
  return {
    outcome: 'moved',
    message: `${name} uploaded and verified; its ${members.length} files were moved to ${path.relative(root, targetBase) || '.'}.`,
  };
}

/** The slide's own folders (deepest first), if nothing else is left in them; never `base` itself. */
async function removeEmptyFolders(base: string, members: readonly SlideMember[]): Promise<void> {
  const folders = new Set<string>();
  for (const member of members) {
    for (let dir = path.dirname(member.path); dir.startsWith(base + path.sep); dir = path.dirname(dir))
      folders.add(dir);
  }
  const deepestFirst = [...folders].sort((a, b) => b.length - a.length);
  for (const folder of deepestFirst) await rmdir(folder).catch(() => undefined);
}
