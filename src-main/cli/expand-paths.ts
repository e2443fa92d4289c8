import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from '../watcher/ignored-names.js';

/** Files named directly, plus every non-ignored file under named folders (recursively), sorted per folder. */
export async function expandPaths(
  inputs: readonly string[],
): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const visit = async (target: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      problems.push(
        `${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`,
      );
      return;
    }
    if (info.isFile()) {
      if (named || !isIgnoredName(path.basename(target))) files.push(path.resolve(target));
      return;
    }
    if (!info.isDirectory()) {
      if (named) problems.push(`${target}: not a file or folder`);
      return;
    }
    const entries = await readdir(target).catch((error: Error) => {
      problems.push(`${target}: ${error.message}`);
      return [] as string[];
    });
    for (const entry of entries.sort()) {
      if (!isIgnoredName(entry)) await visit(path.join(target, entry), false);
    }
  };
  for (const input of inputs) await visit(input, true);
  return { files, problems };
}
