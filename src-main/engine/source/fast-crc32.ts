import { createRequire } from 'node:module';
import { crc32, hasNativeCrc32 } from '../../shared/crc32.js';

/**
 * yazl computes each entry's CRC-32 with buffer-crc32, a table lookup in JavaScript: 2.5 CPU-s per GiB measured
 * here, more than the SHA-256 the upload needs anyway. The shared native crc32 (shared/crc32.ts) is 10–30× faster.
 * yazl calls `crc32.unsigned(chunk, previous)` on the module object at run time, so pointing that one function at
 * ours makes every slide ZIP cheap to build without forking yazl. Same results (checked in tests, and `unzip -t`
 * checks the CRCs of stored ZIPs).
 */
interface BufferCrc32 {
  unsigned: (data: Buffer | string, previous?: number) => number;
}

export function useNativeCrc32ForYazl(): void {
  if (!hasNativeCrc32) return;
  // Resolved from yazl's own location: the very module instance yazl required.
  const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
  const bufferCrc32 = fromYazl('buffer-crc32') as BufferCrc32;
  bufferCrc32.unsigned = (data, previous) =>
    crc32(typeof data === 'string' ? Buffer.from(data) : data, previous ?? 0);
}
