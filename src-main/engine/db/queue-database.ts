import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../shared/sqlite.js';
import { queueMigrations } from './migrations.js';
import { SAID_AS_IS } from '../../shared/said-as-is.js';

export const QUEUE_FILE = 'queue.sqlite';
/** The last healthy copy, taken when a queue opens and when it closes (SQLite's `VACUUM INTO`: consistent). */
export const QUEUE_BACKUP_FILE = 'queue.backup.sqlite';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The queue's database is damaged: it is never opened over (an empty queue would forget every upload and send
 * them all again). The message says what is wrong and what to do.
 */
export class QueueDamagedError extends Error {
  /** Its message is written for people: said as it is. */
  readonly [SAID_AS_IS] = true;
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    const stateDir = path.dirname(file);
    const backup = existsSync(path.join(stateDir, QUEUE_BACKUP_FILE));
    super(
      `The upload queue in ${file} is damaged (${why}). Nothing was changed and nothing uploads from it. ` +
        (backup
          ? `Run \`pathomiq-uploader doctor --state-dir "${stateDir}"\` to see it, and add --restore to put back the last healthy copy.`
          : `There is no backup of it; move the file away to start an empty queue (files uploaded before are then not known as uploaded).`),
    );
    this.name = 'QueueDamagedError';
  }
}

/** What is wrong with an existing queue file that SQLite would not refuse by itself, or undefined. */
function damageBeforeOpen(file: string): string | undefined {
  // Looked at before the file: a backup is written only after the queue's tables were, so a queue that has one
  // had content before this moment — and an empty file now was truncated. Without one, an empty file may be a
  // queue another process is creating right now (it is 0 bytes until its tables are written).
  const backedUp = existsSync(path.join(path.dirname(file), QUEUE_BACKUP_FILE));
  if (!existsSync(file)) return undefined;
  const { size } = statSync(file);
  const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
  if (size === 0) return backedUp && walBytes === 0 ? 'it is empty: 0 bytes, it was truncated' : undefined;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const handle = openSync(file, 'r');
  try {
    readSync(handle, header, 0, header.length, 0);
  } finally {
    closeSync(handle);
  }
  return header.equals(SQLITE_HEADER) ? undefined : 'it is not an SQLite database';
}

/** SQLite's own structural check: every page and index, quickly (no full cross-check of index contents). */
function damageFound(db: Db): string | undefined {
  const result = db.pragma('quick_check', { simple: true });
  return result === 'ok' ? undefined : `SQLite's check found: ${String(result)}`;
}

/**
 * Opens the queue of a state dir, refusing a damaged one ({@link QueueDamagedError}) instead of starting empty
 * over it, and keeps the backup of the last healthy state.
 */
export function openQueueDatabase(stateDir: string): Db {
  const file = path.join(stateDir, QUEUE_FILE);
  const before = damageBeforeOpen(file);
  if (before) throw new QueueDamagedError(file, before);
  let db: Db;
  try {
    db = openDatabase(file, queueMigrations);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
      throw new QueueDamagedError(file, (error as Error).message);
    throw error;
  }
  const found = damageFound(db);
  if (found) {
    db.close();
    throw new QueueDamagedError(file, found);
  }
  try {
    backUpQueue(db, stateDir);
  } catch {
    // A backup is a spare: failing to make one (a full disk) must not stop the queue. The next open tries again.
  }
  return db;
}

/** Last change of a file in milliseconds (fractional), or 0 when it is not there. */
const changedAt = (file: string): number => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** The WAL's last change, or 0 while it is empty (SQLite makes it empty when a connection opens: no commit). */
function walChangedAt(file: string): number {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats && stats.size > 0 ? stats.mtimeMs : 0;
}

/**
 * The backup was written after the queue last changed: no commit since (every commit writes the WAL, every
 * checkpoint the main file), so copying it again would write the same jobs. This keeps a command that only reads
 * the queue (`queue`, `pause` of nothing) from copying the whole database twice, at its open and its close.
 */
function backupIsCurrent(stateDir: string, backup: string): boolean {
  const queue = path.join(stateDir, QUEUE_FILE);
  const backedUp = changedAt(backup);
  return backedUp > 0 && backedUp > Math.max(changedAt(queue), walChangedAt(`${queue}-wal`));
}

/**
 * Writes the backup beside the queue: to a temporary name of this process first (several processes open the
 * queue at once: the app, CLI commands), then renamed over the last one, so a crash never leaves half a backup.
 */
export function backUpQueue(db: Db, stateDir: string): void {
  const target = path.join(stateDir, QUEUE_BACKUP_FILE);
  if (backupIsCurrent(stateDir, target)) return;
  const partial = `${target}.${process.pid}-${randomUUID()}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}
