import { createHash } from 'node:crypto';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile } from './test-files.js';
import { MiB } from './units.js';

/**
 * A file of `size` zero bytes made sparse (instant, no disk space, read from the page cache at memory speed), so a
 * 10 GiB row costs no 10 GiB of random bytes written first. Zeros cost the client the same per byte: hashing,
 * CRC-32 and the socket do not look at the values. Its SHA-256 is computed once for the stored-bytes check.
 */
export async function sparseZeroFile(dir: string, name: string, size: number): Promise<SourceFile> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, '');
  await truncate(filePath, size);
  const zeros = Buffer.alloc(16 * MiB);
  const hash = createHash('sha256');
  for (let done = 0; done < size; done += zeros.length)
    hash.update(zeros.subarray(0, Math.min(zeros.length, size - done)));
  return { path: filePath, name, size, sha256: hash.digest('hex') };
}
