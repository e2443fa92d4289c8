import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { isIgnoredName } from '../watcher/ignored-names.js';

/** Deeper than this is no scanner's export: a tree that deep is a loop the file system cannot show as one. */
export const MAX_FOLDER_DEPTH = 64;

export interface ExpandedPaths {
  /** Each file once (by device and inode), in the order found, sorted per folder. */
  files: string[];
  /** For people ("<path>: <why>"): what could not be read. */
  problems: string[];
  /** The same as path and reason. */
  unreadable: Array<{ path: string; message: string }>;
  /** Not searched or not queued, and why: links back into a folder already searched, a second name of a file. */
  skipped: Array<{ path: string; message: string }>;
}

const identity = (info: Stats) => `${info.dev}:${info.ino}`;

/**
 * Files named directly, plus every non-ignored file under named folders (recursively). Safe on any tree:
 * each real folder is searched once (a link back up the tree is reported once, not followed), a file reached
 * under two names is queued once, and depth is bounded — time and memory stay proportional to the real tree.
 */
export async function expandPaths(inputs: readonly string[]): Promise<ExpandedPaths> {
  const result: ExpandedPaths = { files: [], problems: [], unreadable: [], skipped: [] };
  const folders = new Map<string, string>();
  const files = new Map<string, string>();
  const problem = (target: string, message: string) => {
    result.problems.push(`${target}: ${message}`);
    result.unreadable.push({ path: path.resolve(target), message });
  };
  const skip = (target: string, message: string) =>
    result.skipped.push({ path: path.resolve(target), message });

  const visit = async (target: string, named: boolean, depth: number): Promise<void> => {
    let info: Stats;
    try {
      info = await stat(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message =
        code === 'ENOENT'
          ? 'no such file or folder'
          : code === 'ELOOP'
            ? 'a link that loops'
            : (error as Error).message;
      // A dangling or looping link inside a folder is noted, not a failure of what was asked for.
      if (named) problem(target, message);
      else skip(target, message);
      return;
    }
    if (info.isFile()) {
      if (!named && isIgnoredName(path.basename(target))) return;
      const first = files.get(identity(info));
      if (first !== undefined) {
        if (first !== path.resolve(target)) skip(target, `the same file as ${first}; queued once`);
        return;
      }
      files.set(identity(info), path.resolve(target));
      result.files.push(path.resolve(target));
      return;
    }
    if (!info.isDirectory()) {
      if (named) problem(target, 'not a file or folder');
      return;
    }
    const searched = folders.get(identity(info));
    if (searched !== undefined) {
      skip(target, `leads back to ${searched}, which is searched already (a link loop or a second name)`);
      return;
    }
    if (depth > MAX_FOLDER_DEPTH) {
      skip(target, `more than ${MAX_FOLDER_DEPTH} folders deep; not searched`);
      return;
    }
    folders.set(identity(info), path.resolve(target));
    const entries = await readdir(target).catch((error: Error) => {
      problem(target, error.message);
      return [] as string[];
    });
    for (const entry of entries.sort()) {
      if (!isIgnoredName(entry)) await visit(path.join(target, entry), false, depth + 1);
    }
  };
  for (const input of inputs) await visit(input, true, 0);
  return result;
}
