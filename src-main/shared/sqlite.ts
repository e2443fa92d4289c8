import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const statementCaches = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, prepared once per connection: preparing costs far more than running the small
 * statements a queue issues thousands of times (1,000 small files meant a second of preparing alone).
 */
export function statement<P extends unknown[] | object = unknown[], R = unknown>(
  db: Db,
  sql: string,
): Database.Statement<P, R> {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Database.Statement<P, R>;
}

/**
 * `UPDATE table SET <given columns> WHERE key = ?` for a partial patch. Column names go into the SQL text, so
 * only `allowed` ones pass (values are always bound); undefined values are left out. `always` is set too (e.g. a
 * modification time). Returns whether anything was set.
 */
export function updateColumns(
  db: Db,
  table: string,
  allowed: ReadonlySet<string>,
  key: { column: string; value: unknown },
  patch: object,
  always: Record<string, unknown> = {},
): boolean {
  const update = buildUpdate(table, allowed, key, patch, always);
  if (!update) return false;
  statement(db, update.sql).run(update.params);
  return true;
}

/** The same update, answering with the updated row (one statement instead of an update and a read). */
export function updateColumnsReturning<R>(
  db: Db,
  table: string,
  allowed: ReadonlySet<string>,
  key: { column: string; value: unknown },
  patch: object,
  always: Record<string, unknown> = {},
): R | undefined {
  const update = buildUpdate(table, allowed, key, patch, always);
  if (!update) return undefined;
  return statement<[object], R>(db, `${update.sql} RETURNING *`).get(update.params);
}

function buildUpdate(
  table: string,
  allowed: ReadonlySet<string>,
  key: { column: string; value: unknown },
  patch: object,
  always: Record<string, unknown>,
): { sql: string; params: Record<string, unknown> } | undefined {
  const entries = Object.entries(patch).filter(
    ([column, value]) => value !== undefined && allowed.has(column),
  );
  if (entries.length === 0) return undefined;
  const columns = [...entries.map(([column]) => column), ...Object.keys(always)];
  const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
  return {
    sql: `UPDATE ${table} SET ${assignments} WHERE ${key.column} = @__key`,
    params: { ...Object.fromEntries(entries), ...always, __key: key.value },
  };
}

export interface Migration {
  /** Stable, ordered name, e.g. "001_initial". Never renamed once shipped. */
  name: string;
  sql: string;
}

/**
 * Opens a SQLite file in WAL mode (readers never block the writer; a crash loses no committed transaction)
 * and applies the migrations not yet applied. Each applied migration's hash is kept: a migration edited after
 * it shipped is refused loudly instead of leaving two machines with different schemas.
 */
export function openDatabase(file: string, migrations: readonly Migration[]): Db {
  const db = new Database(file);
  // First: another process opening the same file meanwhile makes the next statements wait, not fail.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

interface HashedMigration extends Migration {
  hash: string;
}

/**
 * Applies the migrations not applied yet, all in one IMMEDIATE transaction: several processes (the app, CLI
 * commands) may open a new database at the same moment, and only one may create its tables — the others wait
 * (busy_timeout), then find them made. An up-to-date database (nearly every open) is recognised by one read, so
 * opening it takes no write lock: a command reading the queue never waits for the process running it.
 */
function migrate(db: Db, migrations: readonly Migration[]): void {
  const hashed = migrations.map((migration) => ({
    ...migration,
    hash: createHash('sha256').update(migration.sql).digest('hex'),
  }));
  if (upToDate(db, hashed)) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT PRIMARY KEY, hash TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))`);
    const applied = appliedMigrations(db);
    for (const migration of hashed) {
      const known = applied.get(migration.name);
      if (known === migration.hash) continue;
      if (known !== undefined) {
        throw new Error(
          `Database migration ${migration.name} was changed after it was applied; refusing to open ${db.name}. ` +
            'Restore the original migration and add a new one instead.',
        );
      }
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, hash) VALUES (?, ?)').run(
        migration.name,
        migration.hash,
      );
    }
  }).immediate();
}

function appliedMigrations(db: Db): Map<string, string> {
  return new Map(
    db
      .prepare<[], { name: string; hash: string }>('SELECT name, hash FROM schema_migrations')
      .all()
      .map((row) => [row.name, row.hash]),
  );
}

/** Every migration applied, each with the hash it has now (a changed one is refused by the full path). */
function upToDate(db: Db, migrations: readonly HashedMigration[]): boolean {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return false;
  const applied = appliedMigrations(db);
  return migrations.every((migration) => applied.get(migration.name) === migration.hash);
}
