import { Readable } from 'node:stream';
import type { RateLimiter } from './rate-limiter.js';

const CHUNK = 256 * 1024;

/**
 * A part's bytes as a stream of slices of its buffer (no copies), paced by the shared rate limiter and reporting
 * each slice as it is taken — which drives progress and the stall guard.
 */
export function partBody(
  buffer: Buffer,
  limiter: RateLimiter,
  onSent: (bytes: number) => void,
  signal: AbortSignal,
): Readable {
  async function* slices() {
    for (let offset = 0; offset < buffer.length; offset += CHUNK) {
      const slice = buffer.subarray(offset, Math.min(buffer.length, offset + CHUNK));
      await limiter.take(slice.length, signal);
      yield slice;
      onSent(slice.length);
    }
  }
  return Readable.from(slices(), { objectMode: false });
}
