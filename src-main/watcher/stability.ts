import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Semaphore } from '../engine/semaphore.js';

/** File checks in flight at once: a catch-up scan of 10,000 files must not open 10,000 handles (EMFILE). */
const CHECKS_AT_ONCE = 16;

/**
 * Windows scanners hold a file open without sharing while they write it: there "unchanged" is not enough, the
 * confirming look must also open it. POSIX has no such locks, and slide QC opens the file next anyway (a file
 * that cannot be read fails there with the reason), so a stat confirms: a catch-up scan of 10,000 files saves
 * 10,000 opens.
 */
const CONFIRM_BY_OPENING = process.platform === 'win32';

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

  /**
   * A file appeared or changed: (re)start watching it settle. `seen`: its size and mtime from the watcher's own
   * stat just now, which stands for the first look (a catch-up scan then stats each file once, not twice).
   */
  touch(path: string, seen?: { size: number; mtimeMs: number }): void {
    const known = this.watched.get(path);
    if (known) return; // the next check sees the change
    const entry: Observation = { size: -1, mtimeMs: -1, since: Date.now(), timer: undefined };
    this.watched.set(path, entry);
    if (seen) this.firstSeen(path, entry, seen);
    else this.schedule(path, 0);
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

  /** The first look at a file: untouched for the whole window already (catch-up scan), one more look confirms it. */
  private firstSeen(path: string, entry: Observation, info: { size: number; mtimeMs: number }): void {
    const now = Date.now();
    entry.size = info.size;
    entry.mtimeMs = Math.trunc(info.mtimeMs);
    const settled = now - info.mtimeMs >= this.stableMs;
    entry.since = settled ? now - this.stableMs : now;
    this.schedule(path, settled ? Math.min(250, this.checkEveryMs) : this.checkEveryMs);
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
    const confirming = CONFIRM_BY_OPENING && entry.size !== -1 && Date.now() - entry.since >= this.stableMs;
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
    if (changed && entry.size === -1) return this.firstSeen(path, entry, info);
    if (changed) {
      entry.size = info.size;
      entry.mtimeMs = Math.trunc(info.mtimeMs);
      entry.since = now;
      this.schedule(path, this.checkEveryMs);
      return;
    }
    if (now - entry.since < this.stableMs) {
      this.schedule(path, Math.min(this.checkEveryMs, this.stableMs - (now - entry.since)));
      return;
    }
    if (CONFIRM_BY_OPENING && !(look.readable ?? (await lookByOpening(path)).readable)) {
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
