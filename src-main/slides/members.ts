import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SlideMember } from './types.js';

/**
 * The members of a multi-file slide in ZIP order: the main file first, then the rest by entry name (a fixed
 * order, so the ZIP is the same bytes every time it is built from the same files). Entry names are relative to
 * the folder holding `root` (the main file's folder, or the series folder for DICOM), '/'-separated.
 */
export async function membersOf(
  main: string,
  files: readonly string[],
  root = path.dirname(main),
): Promise<SlideMember[]> {
  const unique = [...new Set(files.map((file) => path.resolve(file)))];
  const members: SlideMember[] = [];
  for (const file of unique) {
    const info = await stat(file);
    members.push({
      path: file,
      entryName: path.relative(root, file).split(path.sep).join('/'),
      size: info.size,
      mtimeMs: Math.trunc(info.mtimeMs),
    });
  }
  const mainPath = path.resolve(main);
  return members.sort((a, b) =>
    a.path === mainPath
      ? -1
      : b.path === mainPath
        ? 1
        : a.entryName < b.entryName
          ? -1
          : a.entryName > b.entryName
            ? 1
            : 0,
  );
}
