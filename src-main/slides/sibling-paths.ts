import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from '../watcher/ignored-names.js';

/**
 * Finds `name` inside `folder`, exactly or ignoring case (slides copied from Windows shares to Linux/macOS
 * keep the scanner's spelling, which may differ in case from what the index file says).
 */
export async function findEntry(
  folder: string,
  name: string,
  kind: 'file' | 'directory',
): Promise<string | undefined> {
  const exact = path.join(folder, name);
  if (await isKind(exact, kind)) return exact;
  const entries = await readdir(folder).catch(() => [] as string[]);
  const lower = name.toLowerCase();
  for (const entry of entries) {
    if (entry.toLowerCase() === lower && (await isKind(path.join(folder, entry), kind)))
      return path.join(folder, entry);
  }
  return undefined;
}

async function isKind(file: string, kind: 'file' | 'directory'): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return kind === 'file' ? info?.isFile() === true : info?.isDirectory() === true;
}

/** The file name without its extension: "a/b/slide.mrxs" → "slide". */
export function stemOf(file: string): string {
  return path.basename(file, path.extname(file));
}

/**
 * Regular files under `folder` (depth-limited), sorted: the parts of a multi-file slide as the scanner wrote
 * them. OS junk (.DS_Store, Thumbs.db, desktop.ini, ._* resource forks) and half-written temporaries are left
 * out: they are not the scanner's, and uploading them would only make the set differ between machines.
 * Symbolic links count when they lead to a regular file (a share mounted with links still holds the data).
 */
export async function listFiles(folder: string, maxDepth: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < maxDepth) await walk(full, depth + 1);
      else if (entry.isFile() || (entry.isSymbolicLink() && (await isKind(full, 'file')))) found.push(full);
    }
  };
  await walk(folder, 0);
  return found.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
