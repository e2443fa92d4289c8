import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from '../watcher/ignored-names.js';

/**
 * Files named directly, plus every non-ignored file under named folders (recursively), sorted per folder.
 * `problems` are for people ("<path>: <why>"); `unreadable` holds the same as path and reason.
 */
export async function expandPaths(inputs: readonly string[]): Promise<{
  files: string[];
  problems: string[];
  unreadable: Array<{ path: string; message: string }>;
}> {
  const files: string[] = [];
  const problems: string[] = [];
  const unreadable: Array<{ path: string; message: string }> = [];
  const problem = (target: string, message: string) => {
    problems.push(`${target}: ${message}`);
    unreadable.push({ path: path.resolve(target), message });
  };
  const visit = async (target: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      problem(
        target,
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file or folder'
          : (error as Error).message,
      );
      return;
    }
    if (info.isFile()) {
      if (named || !isIgnoredName(path.basename(target))) files.push(path.resolve(target));
      return;
    }
    if (!info.isDirectory()) {
      if (named) problem(target, 'not a file or folder');
      return;
    }
    const entries = await readdir(target).catch((error: Error) => {
      problem(target, error.message);
      return [] as string[];
    });
    for (const entry of entries.sort()) {
      if (!isIgnoredName(entry)) await visit(path.join(target, entry), false);
    }
  };
  for (const input of inputs) await visit(input, true);
  return { files, problems, unreadable };
}
