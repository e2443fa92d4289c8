/**
 * One token bucket shared by every transfer of the engine, so "limit to 20 MiB/s" holds for the whole queue, not
 * per request. Zero or undefined means unlimited. The rate can change while transfers run.
 *
 * Transfers are served in the order they asked (first come, first served): with each waiter sleeping on its own,
 * whoever woke first took the tokens, and a presigned POST asking beside four multipart parts got almost none — a
 * 1 MiB file waited over a minute behind a paced 64 MiB upload.
 */
export class RateLimiter {
  private tokens = 0;
  private last = Date.now();
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private bytesPerSecond: number | undefined) {}

  get limit(): number | undefined {
    return this.bytesPerSecond;
  }

  setLimit(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.serve();
  }

  /** Waits until `bytes` may be sent, after everyone who asked before. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    if (this.waiting.length === 0 && this.tryTake(bytes)) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
        this.serve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.serve();
    });
  }

  /** Takes the tokens for `bytes` if they are there now. */
  private tryTake(bytes: number): boolean {
    const rate = this.bytesPerSecond;
    if (!rate) return true;
    const now = Date.now();
    // At most a quarter second of burst, so the limit holds over short windows too.
    this.tokens = Math.min(rate / 4, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    // A request larger than the burst goes once the bucket is not in debt, and leaves it in debt.
    if (this.tokens >= bytes || (this.tokens >= 0 && bytes > rate / 4)) {
      this.tokens -= bytes;
      return true;
    }
    return false;
  }

  /** Grants the waiters at the head whose tokens are there, then sleeps until the next one's are. */
  private serve(): void {
    if (this.timer) return;
    while (this.waiting.length > 0 && this.tryTake(this.waiting[0]!.bytes)) this.waiting.shift()!.grant();
    const head = this.waiting[0];
    const rate = this.bytesPerSecond;
    if (!head || !rate) return;
    const needed = head.bytes > rate / 4 ? -this.tokens : head.bytes - this.tokens;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.serve();
      },
      Math.max(5, (needed / rate) * 1000),
    );
  }
}

// The parser lives with the shared unit rule, so the CLI flag and the Settings field mean the same bytes.
export { parseRate } from '../../src-shared/units/index.js';
