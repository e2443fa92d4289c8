import { Transform, type TransformCallback } from 'node:stream';
import { sleep } from './backoff.js';

/**
 * One token bucket shared by every transfer of the engine, so "limit to 20 MB/s" holds for the whole queue, not
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

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses a rate like rclone/curl do: "20M" = 20 MiB/s, "500K", "1.5G", "1000" bytes/s. */
export function parseRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B?)?(?:\/s)?\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a rate; use e.g. 500K, 20M or 1G (bytes per second).`);
  return Math.round(Number(match[1]) * (UNITS[match[2]!.toUpperCase()] ?? 1));
}
