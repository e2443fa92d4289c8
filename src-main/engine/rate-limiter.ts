import { Transform, type TransformCallback } from 'node:stream';
import { sleep } from './backoff.js';

/**
 * One token bucket shared by every transfer of the engine, so "limit to 20 MiB/s" holds for the whole queue, not
 * per request. Zero or undefined means unlimited. The rate can change while transfers run.
 */
export class RateLimiter {
  private tokens = 0;
  private last = Date.now();

  constructor(private bytesPerSecond: number | undefined) {}

  get limit(): number | undefined {
    return this.bytesPerSecond;
  }

  setLimit(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : undefined;
  }

  /** Waits until `bytes` may be sent. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const rate = this.bytesPerSecond;
      if (!rate) return;
      const now = Date.now();
      // At most a quarter second of burst, so the limit holds over short windows too.
      this.tokens = Math.min(rate / 4, this.tokens + ((now - this.last) / 1000) * rate);
      this.last = now;
      if (this.tokens >= bytes || (this.tokens >= 0 && bytes > rate / 4)) {
        this.tokens -= bytes;
        return;
      }
      await sleep(Math.max(5, ((bytes - this.tokens) / rate) * 1000), signal);
    }
  }

  /** A pass-through stream that paces what flows through it. */
  throttle(signal?: AbortSignal): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
        this.take(chunk.length, signal).then(
          () => callback(null, chunk),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
  }
}

// The parser lives with the shared unit rule, so the CLI flag and the Settings field mean the same bytes.
export { parseRate } from '../../src-shared/units/index.js';
