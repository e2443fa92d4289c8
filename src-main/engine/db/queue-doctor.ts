import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { QUEUE_BACKUP_FILE, QUEUE_FILE } from './queue-database.js';

/** One copy of the queue as the doctor sees it, opened read-only (never changed by looking). */
export interface QueueFileHealth {
  file: string;
  exists: boolean;
  bytes: number;
  modifiedAt: number | null;
  /** What is wrong, or null when SQLite's check passes. */
  damage: string | null;
  /** Jobs by state, when readable. */
  jobs: Record<string, number> | null;
}

export interface QueueHealth {
  queue: QueueFileHealth;
  backup: QueueFileHealth;
}

function examine(file: string): QueueFileHealth {
  if (!existsSync(file)) return { file, exists: false, bytes: 0, modifiedAt: null, damage: null, jobs: null };
  const info = statSync(file);
  const base = { file, exists: true, bytes: info.size, modifiedAt: info.mtimeMs };
  if (info.size === 0) return { ...base, damage: 'empty: 0 bytes, it was truncated', jobs: null };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ...base, damage: `SQLite's check found: ${String(check)}`, jobs: null };
    const rows = db
      .prepare<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state')
      .all();
    return { ...base, damage: null, jobs: Object.fromEntries(rows.map((row) => [row.state, row.n])) };
  } catch (error) {
    return { ...base, damage: (error as Error).message, jobs: null };
  } finally {
    db?.close();
  }
}

/** The queue of a state dir and its backup, as they are. */
export function examineQueue(stateDir: string): QueueHealth {
  return {
    queue: examine(path.join(stateDir, QUEUE_FILE)),
    backup: examine(path.join(stateDir, QUEUE_BACKUP_FILE)),
  };
}

/**
 * Puts the backup back in place of the queue. The queue file (and its WAL) is kept beside it, renamed, never
 * deleted: it may still hold what someone wants to look at. Refuses when the backup is missing or damaged.
 */
export function restoreQueueBackup(
  stateDir: string,
  now = Date.now(),
): { keptAs: string | null; restored: QueueFileHealth } {
  const health = examineQueue(stateDir);
  if (!health.backup.exists) throw new Error(`There is no backup of the queue in ${stateDir}.`);
  if (health.backup.damage)
    throw new Error(`The backup ${health.backup.file} is damaged too (${health.backup.damage}).`);
  const queue = health.queue.file;
  const keptAs = setQueueAside(stateDir, now);
  copyFileSync(health.backup.file, queue);
  return { keptAs, restored: examine(queue) };
}

/**
 * Moves the queue (and its WAL) aside, renamed with the time, never deleted — it may still hold what someone
 * wants to look at; the next open starts an empty queue. Returns the new name, or null when there was none.
 */
export function setQueueAside(stateDir: string, now = Date.now()): string | null {
  const queue = path.join(stateDir, QUEUE_FILE);
  const keptAs = existsSync(queue)
    ? `${queue}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}`
    : null;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(queue + suffix)) continue;
    if (keptAs) renameSync(queue + suffix, keptAs + suffix);
    else rmSync(queue + suffix, { force: true });
  }
  return keptAs;
}
