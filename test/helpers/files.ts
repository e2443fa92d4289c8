import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes `size` random bytes to `<dir>/<name>` and returns the path and the bytes. */
export async function writeRandomFile(
  dir: string,
  name: string,
  size: number,
): Promise<{ file: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return { file, bytes };
}
