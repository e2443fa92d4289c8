import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pseudoFileSystemOf } from '../shared/state-dir.js';

export type CheckedFolder = { ok: true; folder: string } | { ok: false; shown: string; problem: string };

/**
 * Kernel and device trees: their "files" are not files (reading some blocks or never ends), and no slide lives
 * there. Checked by path as well as by file system type, because /dev is an ordinary tmpfs to statfs.
 */
const KERNEL_TREES = new Map([
  ['/proc', 'process list (/proc)'],
  ['/sys', 'device settings (/sys)'],
  ['/dev', 'device files (/dev)'],
]);

const inTree = (target: string, tree: string) => target === tree || target.startsWith(`${tree}/`);

/** In words, what an fs error means for opening a folder. */
export function folderErrorText(target: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${target} does not exist (any more).`;
  if (code === 'ENOTDIR') return `${target} is not a folder.`;
  if (code === 'ELOOP') return `${target} is a link that loops back on itself.`;
  if (code === 'EACCES' || code === 'EPERM')
    return `This user may not open ${target} (permission denied). Ask for access, or choose another folder.`;
  if (code === 'ENAMETOOLONG') return 'That path is too long for this computer.';
  return `${target} cannot be opened: ${(error as Error).message}`;
}

/**
 * The checks a typed path gets, for a folder to list: absolute (a browser tab has no working directory), ".."
 * resolved away, links followed to the real folder (so a link loop ends in ELOOP, not in a walk), and never
 * inside the kernel's pseudo file systems (the same refusal as the state dir's).
 */
export async function checkFolder(input: string, platform = process.platform): Promise<CheckedFolder> {
  const absolute = platform === 'win32' ? path.win32.isAbsolute(input) : path.posix.isAbsolute(input);
  if (!absolute)
    return {
      ok: false,
      shown: input,
      problem: `${input} is not a full path; start it at ${platform === 'win32' ? 'a drive, like C:\\' : '/'}.`,
    };
  const resolved = path.resolve(input);
  let folder: string;
  try {
    folder = await realpath(resolved);
    if (!(await stat(folder)).isDirectory())
      return { ok: false, shown: resolved, problem: `${resolved} is a file, not a folder.` };
  } catch (error) {
    return { ok: false, shown: resolved, problem: folderErrorText(resolved, error) };
  }
  const refused = (kind: string) => ({
    ok: false as const,
    shown: folder,
    problem: `${folder} is in the kernel's ${kind}, not a folder of files; slides are not kept there.`,
  });
  if (platform !== 'win32') {
    for (const [tree, kind] of KERNEL_TREES)
      if (inTree(folder, tree) || inTree(resolved, tree)) return refused(kind);
  }
  let pseudo: string | undefined;
  try {
    pseudo = pseudoFileSystemOf(folder);
  } catch {
    // statfs is not everywhere (some network shares); such a folder is still worth trying to list.
  }
  return pseudo ? refused(`${pseudo} file system`) : { ok: true, folder };
}
