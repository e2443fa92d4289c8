import {
  WATCH_HISTORY_CAP,
  type WatchHistoryArgs,
  type WatchHistoryEntry,
  type WatchHistoryPage,
} from '../../src-shared/watcher/index.js';
import { statement, type Db } from '../shared/sqlite.js';

type NewEntry = Omit<WatchHistoryEntry, 'id'>;

interface Row {
  id: number;
  folder_id: number;
  path: string;
  outcome: WatchHistoryEntry['outcome'];
  message: string;
  at: number;
}

const fromRow = (row: Row): WatchHistoryEntry => ({
  id: row.id,
  folderId: row.folder_id,
  path: row.path,
  outcome: row.outcome,
  message: row.message,
  at: row.at,
});

/** How long entries wait to be written together: a catch-up scan records thousands of files at once. */
const FLUSH_AFTER_MS = 100;

/**
 * Per-file history of every watch folder: in SQLite beside the folders for saved ones (positive ids), in memory
 * for transient ones (the CLI's `watch` without --save). Each folder keeps its latest {@link WATCH_HISTORY_CAP}
 * entries; writes are batched into one transaction, and a query writes what is pending first.
 */
export class WatchHistoryStore {
  private pending: NewEntry[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly transient = new Map<number, WatchHistoryEntry[]>();
  private nextTransientId = 1;

  constructor(
    private readonly db: Db,
    private readonly cap = WATCH_HISTORY_CAP,
  ) {}

  add(entry: NewEntry): void {
    if (entry.folderId <= 0) return this.addTransient(entry);
    this.pending.push(entry);
    // Unref'd: a pending write never keeps the CLI alive; closing the service writes it.
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS).unref();
  }

  query(args: WatchHistoryArgs): WatchHistoryPage {
    this.flush();
    const matches = args.folderId > 0 ? this.queryDurable(args) : this.queryTransient(args);
    return { entries: matches.slice(0, args.limit), more: matches.length > args.limit };
  }

  /** The folder was removed: its history goes with it. */
  forget(folderId: number): void {
    this.flush();
    if (folderId <= 0) this.transient.delete(folderId);
    else statement(this.db, 'DELETE FROM watch_history WHERE folder_id = ?').run(folderId);
  }

  /** Writes pending entries (and prunes each folder written to back to the cap). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const insert = statement(
      this.db,
      `INSERT INTO watch_history (folder_id, path, outcome, message, at)
         SELECT @folderId, @path, @outcome, @message, @at WHERE EXISTS (SELECT 1 FROM watch_folders WHERE id = @folderId)`,
    );
    const prune = statement(
      this.db,
      `DELETE FROM watch_history WHERE folder_id = @folderId AND id <= (
         SELECT id FROM watch_history WHERE folder_id = @folderId ORDER BY id DESC LIMIT 1 OFFSET @cap)`,
    );
    this.db.transaction(() => {
      for (const entry of batch) insert.run(entry);
      for (const folderId of new Set(batch.map((entry) => entry.folderId)))
        prune.run({ folderId, cap: this.cap });
    })();
  }

  close(): void {
    this.flush();
  }

  private queryDurable({ folderId, query, outcomes, limit, before }: WatchHistoryArgs): WatchHistoryEntry[] {
    const where = ['folder_id = @folderId'];
    if (before !== undefined) where.push('id < @before');
    const needle = query?.trim().toLowerCase();
    if (needle) where.push('(instr(lower(path), @needle) > 0 OR instr(lower(message), @needle) > 0)');
    // Outcome names are checked by the command's schema; they are still bound, never spliced into the SQL.
    if (outcomes?.length) where.push(`outcome IN (${outcomes.map((_, index) => `@o${index}`).join(', ')})`);
    const params: Record<string, unknown> = { folderId, limit: limit + 1 };
    if (before !== undefined) params.before = before;
    if (needle) params.needle = needle;
    outcomes?.forEach((outcome, index) => (params[`o${index}`] = outcome));
    return statement<[Record<string, unknown>], Row>(
      this.db,
      `SELECT * FROM watch_history WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @limit`,
    )
      .all(params)
      .map(fromRow);
  }

  private queryTransient({
    folderId,
    query,
    outcomes,
    limit,
    before,
  }: WatchHistoryArgs): WatchHistoryEntry[] {
    const needle = query?.trim().toLowerCase();
    const found: WatchHistoryEntry[] = [];
    const entries = this.transient.get(folderId) ?? [];
    for (let index = entries.length - 1; index >= 0 && found.length <= limit; index -= 1) {
      const entry = entries[index]!;
      if (before !== undefined && entry.id >= before) continue;
      if (outcomes?.length && !outcomes.includes(entry.outcome)) continue;
      if (
        needle &&
        !entry.path.toLowerCase().includes(needle) &&
        !entry.message.toLowerCase().includes(needle)
      )
        continue;
      found.push(entry);
    }
    return found;
  }

  private addTransient(entry: NewEntry): void {
    const entries = this.transient.get(entry.folderId) ?? [];
    entries.push({ ...entry, id: this.nextTransientId++ });
    if (entries.length > this.cap) entries.shift();
    this.transient.set(entry.folderId, entries);
  }
}
