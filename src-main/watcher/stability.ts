import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Semaphore } from '../engine/semaphore.js';

/** File checks in flight at once: a catch-up scan of 10,000 files must not open 10,000 handles (EMFILE). */
const CHECKS_AT_ONCE = 16;

interface Observation {
  size: number;
  mtimeMs: number;
  since: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Decides when a file is ready: its size and mtime have not changed for `stableMs` across consecutive checks, and
 * it opens for reading. Scanners write multi-GB files for minutes; a file picked up early would be half a slide.
 * A file whose mtime is already older than the window (found by the catch-up scan) needs only one confirming check.
 */
export class StabilityTracker {
  private readonly watched = new Map<string, Observation>();
  private readonly checks = new Semaphore(CHECKS_AT_ONCE);

  constructor(
    private readonly stableMs: number,
    private readonly onReady: (path: string, version: { size: number; mtimeMs: number }) => void,
    private readonly onGone: (path: string) => void = () => undefined,
    private readonly checkEveryMs = Math.max(100, Math.min(2000, stableMs / 3)),
  ) {}

  /** A file appeared or changed: (re)start watching it settle. */
  touch(path: string): void {
    const known = this.watched.get(path);
    if (known) return; // the next check sees the change
    this.watched.set(path, { size: -1, mtimeMs: -1, since: Date.now(), timer: undefined });
    this.schedule(path, 0);
  }

  forget(path: string): void {
    clearTimeout(this.watched.get(path)?.timer);
    this.watched.delete(path);
  }

  get settling(): number {
    return this.watched.size;
  }

  close(): void {
    for (const path of [...this.watched.keys()]) this.forget(path);
  }

  private schedule(path: string, delay: number): void {
    const entry = this.watched.get(path);
    if (!entry) return;
    entry.timer = setTimeout(() => void this.checkLimited(path), delay);
  }

  private async checkLimited(path: string): Promise<void> {
    await this.checks.acquire();
    try {
      await this.check(path);
    } finally {
      this.checks.release();
    }
  }

  private async check(path: string): Promise<void> {
    const entry = this.watched.get(path);
    if (!entry) return;
    // The look that should confirm a settled file opens it: one open + fstat answers "unchanged?" and "readable?".
    const confirming = entry.size !== -1 && Date.now() - entry.since >= this.stableMs;
    const look: { info: Stats | undefined; readable?: boolean } = confirming
      ? await lookByOpening(path)
      : { info: await stat(path).catch(() => undefined) };
    if (!this.watched.has(path)) return;
    const { info } = look;
    if (!info?.isFile()) {
      this.forget(path);
      this.onGone(path);
      return;
    }
    const now = Date.now();
    const changed = info.size !== entry.size || Math.trunc(info.mtimeMs) !== entry.mtimeMs;
    if (changed) {
      const firstLook = entry.size === -1;
      entry.size = info.size;
      entry.mtimeMs = Math.trunc(info.mtimeMs);
      // Untouched for the whole window already: one more look confirms it.
      entry.since = firstLook && now - info.mtimeMs >= this.stableMs ? now - this.stableMs : now;
      this.schedule(
        path,
        firstLook && entry.since < now ? Math.min(250, this.checkEveryMs) : this.checkEveryMs,
      );
      return;
    }
    if (now - entry.since < this.stableMs) {
      this.schedule(path, Math.min(this.checkEveryMs, this.stableMs - (now - entry.since)));
      return;
    }
    if (!(look.readable ?? (await lookByOpening(path)).readable)) {
      entry.since = now; // still locked by the writer (Windows scanners): wait another window
      this.schedule(path, this.checkEveryMs);
      return;
    }
    this.forget(path);
    this.onReady(path, { size: entry.size, mtimeMs: entry.mtimeMs });
  }
}

/** Stats the file through a handle; when it will not open (locked, no permission) stats it by path instead. */
async function lookByOpening(path: string): Promise<{ info: Stats | undefined; readable: boolean }> {
  try {
    // Non-blocking: if the path became a FIFO since the last look, opening it must not wait for a writer.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      return { info: await handle.stat(), readable: true };
    } finally {
      await handle.close();
    }
  } catch {
    return { info: await stat(path).catch(() => undefined), readable: false };
  }
}
