import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const EDGE = 64 * 1024;

/** Positioned reads of one file: up to `length` bytes at `position`. */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

/**
 * A cheap content fingerprint: SHA-256 of the size and the first and last 64 KiB. Equal fingerprints mean
 * "probably the same slide", which a full SHA-256 then confirms; different ones mean different files.
 * Reads through `readAt`, so a caller that has the file open already (slide QC) needs no second open.
 */
export async function fingerprintWith(size: number, readAt: ReadAt): Promise<string> {
  const hash = createHash('sha256').update(String(size));
  if (size > 0) hash.update(await readAt(0, Math.min(EDGE, size)));
  if (size > EDGE) {
    const tail = Math.min(EDGE, size - EDGE);
    hash.update(await readAt(size - tail, tail));
  }
  return hash.digest('hex');
}

/** The fingerprint of a file on disk. */
export async function quickFingerprint(path: string, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    return await fingerprintWith(size, async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

/** Full SHA-256 of a file (only to confirm a likely duplicate). */
export async function fileSha256(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
