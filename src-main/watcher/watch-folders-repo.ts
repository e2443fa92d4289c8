import type { WatchFolderSettings } from '../../src-shared/watcher/index.js';
import { statement, type Db } from '../shared/sqlite.js';

interface WatchFolderRow {
  id: number;
  path: string;
  depth: number | null;
  include_extensions: string;
  userid: number;
  patient_id: number | null;
  entity_id: number | null;
  workarea: number | null;
  study: number | null;
  description: string | null;
  after_upload: WatchFolderSettings['afterUpload'];
  move_subdir: string | null;
  use_polling: number | null;
  stable_seconds: number;
  enabled: number;
  deidentify: number;
}

export interface StoredWatchFolder extends WatchFolderSettings {
  id: number;
}

const optional = <K extends string>(key: K, value: number | string | null) =>
  value === null ? {} : { [key]: value };

function fromRow(row: WatchFolderRow): StoredWatchFolder {
  return {
    id: row.id,
    path: row.path,
    depth: row.depth,
    includeExtensions: JSON.parse(row.include_extensions) as string[],
    metadata: {
      userid: row.userid,
      ...optional('patient_id', row.patient_id),
      ...optional('entity_id', row.entity_id),
      ...optional('workarea', row.workarea),
      ...optional('study', row.study),
      ...optional('description', row.description),
    },
    afterUpload: row.after_upload,
    moveSubdir: row.move_subdir,
    usePolling: row.use_polling === null ? null : row.use_polling === 1,
    stableSeconds: row.stable_seconds,
    enabled: row.enabled === 1,
    deidentify: row.deidentify === 1,
  };
}

function toParams(settings: WatchFolderSettings) {
  const m = settings.metadata;
  return {
    path: settings.path,
    depth: settings.depth,
    include_extensions: JSON.stringify(settings.includeExtensions),
    userid: m.userid,
    patient_id: m.patient_id ?? null,
    entity_id: m.entity_id ?? null,
    workarea: m.workarea ?? null,
    study: m.study ?? null,
    description: m.description ?? null,
    after_upload: settings.afterUpload,
    move_subdir: settings.moveSubdir,
    use_polling: settings.usePolling === null ? null : settings.usePolling ? 1 : 0,
    stable_seconds: settings.stableSeconds,
    enabled: settings.enabled ? 1 : 0,
    deidentify: settings.deidentify ? 1 : 0,
  };
}

/** Watch folders, kept in the engine's SQLite so they survive restarts with the queue they feed. */
export class WatchFoldersRepo {
  constructor(private readonly db: Db) {}

  all(): StoredWatchFolder[] {
    return statement<[], WatchFolderRow>(this.db, 'SELECT * FROM watch_folders ORDER BY id')
      .all()
      .map(fromRow);
  }

  get(id: number): StoredWatchFolder | undefined {
    const row = statement<[number], WatchFolderRow>(this.db, 'SELECT * FROM watch_folders WHERE id = ?').get(
      id,
    );
    return row && fromRow(row);
  }

  byPath(path: string): StoredWatchFolder | undefined {
    const row = statement<[string], WatchFolderRow>(
      this.db,
      'SELECT * FROM watch_folders WHERE path = ?',
    ).get(path);
    return row && fromRow(row);
  }

  add(settings: WatchFolderSettings): StoredWatchFolder {
    const { lastInsertRowid } = statement(
      this.db,
      `INSERT INTO watch_folders (path, depth, include_extensions, userid, patient_id, entity_id, workarea, study, description,
           after_upload, move_subdir, use_polling, stable_seconds, enabled, deidentify, created_at)
         VALUES (@path, @depth, @include_extensions, @userid, @patient_id, @entity_id, @workarea, @study, @description,
           @after_upload, @move_subdir, @use_polling, @stable_seconds, @enabled, @deidentify, @created_at)`,
    ).run({ ...toParams(settings), created_at: Date.now() });
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, settings: WatchFolderSettings): StoredWatchFolder | undefined {
    statement(
      this.db,
      `UPDATE watch_folders SET path = @path, depth = @depth, include_extensions = @include_extensions, userid = @userid,
           patient_id = @patient_id, entity_id = @entity_id, workarea = @workarea, study = @study, description = @description,
           after_upload = @after_upload, move_subdir = @move_subdir, use_polling = @use_polling,
           stable_seconds = @stable_seconds, enabled = @enabled, deidentify = @deidentify WHERE id = @id`,
    ).run({ ...toParams(settings), id });
    return this.get(id);
  }

  remove(id: number): void {
    statement(this.db, 'DELETE FROM watch_folders WHERE id = ?').run(id);
  }

  /** Durable per-folder counts from the queue. */
  jobCounts(id: number): { queued: number; uploaded: number; failed: number } {
    const rows = statement<[number], { state: string; hidden: number; n: number }>(
      this.db,
      'SELECT state, hidden, COUNT(*) AS n FROM jobs WHERE watch_folder_id = ? GROUP BY state, hidden',
    ).all(id);
    const count = (states: string[], clearedToo = true) =>
      rows
        .filter((row) => states.includes(row.state) && (clearedToo || row.hidden === 0))
        .reduce((sum, row) => sum + row.n, 0);
    return {
      queued: count(['queued', 'registering', 'uploading', 'finalizing', 'paused']),
      // Every upload counts, cleared from the list or not; a failure cleared from the list needs no one any more.
      uploaded: count(['done']),
      failed: count(['failed'], false),
    };
  }
}
