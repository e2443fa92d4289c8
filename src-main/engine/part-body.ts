import { Readable } from 'node:stream';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Slice sizes: without a limit, 1 MiB (a quarter of the stream and socket calls of 256 KiB, still several
 * progress steps per part); with one, 256 KiB, so the pace stays smooth at a few MiB/s.
 */
const SLICE_BYTES = 1024 * 1024;
const PACED_SLICE_BYTES = 256 * 1024;

/**
 * A part's bytes as a stream of slices of its buffer (no copies), paced by the shared rate limiter and reporting
 * each slice as the request takes it — which drives progress and the stall guard. A plain `read()` stream: no
 * async generator, so an unlimited upload costs one push per slice and nothing per tick.
 */
export function partBody(
  buffer: Buffer,
  limiter: RateLimiter,
  onSent: (bytes: number) => void,
  signal: AbortSignal,
): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: SLICE_BYTES,
    read() {
      if (offset >= buffer.length) return void this.push(null);
      const slice = buffer.subarray(offset, offset + (limiter.limit ? PACED_SLICE_BYTES : SLICE_BYTES));
      offset += slice.length;
      const hand = () => {
        this.push(slice);
        onSent(slice.length);
      };
      if (!limiter.limit) return hand();
      limiter
        .take(slice.length, signal)
        .then(hand, (error: unknown) =>
          this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
}
