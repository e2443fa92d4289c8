import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The holder rewrites nothing but touches the lock file this often, so others can tell it is still there. */
export const LOCK_HEARTBEAT_MS = 5_000;
/**
 * A lock not touched for this long is stale even if its pid is alive: the pid has been reused by another
 * program (a pid alone cannot tell), or the holder is on another machine sharing the data dir and is gone.
 */
export const LOCK_STALE_AFTER_MS = 30_000;
/** A takeover takes milliseconds; a takeover marker older than this was left by a starter that died mid-way. */
const TAKEOVER_STALE_AFTER_MS = 10_000;

const LOCK_FILE = 'sandbox.lock';
const TAKEOVER_FILE = 'sandbox.lock.takeover';

const addressSchema = z.object({
  api: z.string(),
  s3: z.string(),
  listening: z.string(),
  bucket: z.string(),
  dialects: z.array(z.string()),
});
export type SandboxAddress = z.infer<typeof addressSchema>;

const holderSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  /** Tells this holder from an earlier one with the same pid, and lets the holder check the lock is still its own. */
  token: z.string(),
  startedAt: z.string(),
  /** Starting: servers not up yet. Running: attachable at `address`. Closing: finishing requests, then releasing. */
  state: z.enum(['starting', 'running', 'closing']),
  address: addressSchema.optional(),
  /** What a process attaching must agree with (dialects, auth…), compared by the claimant. */
  terms: z.record(z.string(), z.unknown()),
});
export type LockHolder = z.infer<typeof holderSchema>;

/** What is in the lock file now: a live holder, or nothing (free or stale), or a young unreadable file. */
type Observed = { kind: 'free' } | { kind: 'held'; holder: LockHolder } | { kind: 'unreadable' };

/**
 * The exclusive lock on a sandbox data dir: `<dataDir>/sandbox.lock`, a JSON record of the holder (pid, host,
 * random token, state, address) created atomically (hard link of a complete temp file: no reader ever sees
 * half a record) and touched every few seconds while held. A lock whose pid is dead, or that has not been
 * touched for LOCK_STALE_AFTER_MS, is taken over.
 */
export class DataDirLock {
  private readonly heartbeat: NodeJS.Timeout;
  private released = false;

  private constructor(
    private readonly file: string,
    private record: LockHolder,
  ) {
    this.heartbeat = setInterval(() => void this.touch(), LOCK_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get holder(): LockHolder {
    return this.record;
  }

  /** Takes the lock (taking over a stale one) or reports who holds it; `undefined` holder: a lock being written. */
  static async tryAcquire(
    dataDir: string,
    terms: Record<string, unknown>,
  ): Promise<{ lock: DataDirLock } | { holder: LockHolder | undefined }> {
    const file = path.join(dataDir, LOCK_FILE);
    const record: LockHolder = {
      pid: process.pid,
      hostname: os.hostname(),
      token: randomBytes(16).toString('hex'),
      startedAt: new Date().toISOString(),
      state: 'starting',
      terms,
    };
    for (;;) {
      if (await createExclusive(file, JSON.stringify(record))) return { lock: new DataDirLock(file, record) };
      const seen = await observe(file);
      if (seen.kind === 'held') return { holder: seen.holder };
      if (seen.kind === 'unreadable') return { holder: undefined };
      await removeStaleLock(dataDir);
    }
  }

  async update(changes: Partial<Pick<LockHolder, 'state' | 'address'>>): Promise<void> {
    this.record = { ...this.record, ...changes };
    // Presumed dead (e.g. suspended past the stale limit) and taken over: never overwrite the new holder's record.
    if ((await readHolder(this.file))?.token !== this.record.token) return;
    const temp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(this.record));
    await rename(temp, this.file);
  }

  /** Idempotent. Leaves the file alone if someone took it over (we were presumed dead): it is theirs now. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    const current = await readHolder(this.file);
    if (current?.token === this.record.token) await unlinkQuietly(this.file);
  }

  private async touch(): Promise<void> {
    const now = new Date();
    await utimes(this.file, now, now).catch(() => undefined); // a missed beat only matters if many follow
  }
}

/** Whether the recorded process is still there: its pid exists (same machine) and it keeps touching the file. */
export function isLive(holder: LockHolder, lastTouchedMs: number, nowMs = Date.now()): boolean {
  if (nowMs - lastTouchedMs > LOCK_STALE_AFTER_MS) return false;
  if (holder.hostname !== os.hostname()) return true; // another machine's pid cannot be checked here
  return pidExists(holder.pid);
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

async function observe(file: string): Promise<Observed> {
  const touched = await lastTouchedMs(file);
  if (touched === undefined) return { kind: 'free' };
  const holder = await readHolder(file);
  if (holder) return isLive(holder, touched) ? { kind: 'held', holder } : { kind: 'free' };
  // Only a crash in the middle of a non-atomic write (file systems without hard links) leaves this.
  return Date.now() - touched > LOCK_STALE_AFTER_MS ? { kind: 'free' } : { kind: 'unreadable' };
}

/**
 * Deletes the lock file if it is (still) stale. Two starters may find the same stale lock; without the
 * takeover marker the slower one could delete the lock the faster one has just created in its place.
 */
async function removeStaleLock(dataDir: string): Promise<void> {
  const marker = path.join(dataDir, TAKEOVER_FILE);
  if (!(await createExclusive(marker, String(process.pid)))) {
    const age = await lastTouchedMs(marker);
    if (age !== undefined && Date.now() - age > TAKEOVER_STALE_AFTER_MS) await unlinkQuietly(marker);
    else await new Promise((resolve) => setTimeout(resolve, 20)); // another starter is taking over
    return;
  }
  try {
    const file = path.join(dataDir, LOCK_FILE);
    if ((await observe(file)).kind === 'free') await unlinkQuietly(file);
  } finally {
    await unlinkQuietly(marker);
  }
}

/** Creates `file` with `content` unless it exists; readers never see it partly written. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, content);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // No hard links here (e.g. FAT): exclusive create, with a moment where the file is empty.
    return writeFile(file, content, { flag: 'wx' }).then(
      () => true,
      (failure: NodeJS.ErrnoException) => {
        if (failure.code === 'EEXIST') return false;
        throw failure;
      },
    );
  } finally {
    await unlinkQuietly(temp);
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function lastTouchedMs(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkQuietly(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
