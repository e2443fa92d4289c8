import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/shared/sqlite.js';
import { queueMigrations } from '../../../../src-main/engine/db/migrations.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('migration 014: jobs a watch folder queued', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it("marks a queue from before's saved-folder jobs as queued automatically, and a person's jobs not", () => {
    const file = path.join(temp.dir, 'queue.sqlite');
    const old = openDatabase(
      file,
      queueMigrations.filter((migration) => migration.name < '014'),
    );
    old
      .prepare(
        `INSERT INTO watch_folders (path, include_extensions, userid, created_at) VALUES ('/scanner', '[".svs"]', 19, 1)`,
      )
      .run();
    const insertJob = old.prepare(
      `INSERT INTO jobs (source_path, file_name, size, mtime_ms, userid, state, position, created_at, updated_at, watch_folder_id)
       VALUES (?, ?, 20, 1, 19, 'cancelled', ?, 1, 1, ?)`,
    );
    insertJob.run('/scanner/wrong-patient.svs', 'wrong-patient.svs', 1, 1);
    insertJob.run('/desk/by-hand.svs', 'by-hand.svs', 2, null);
    old.close();

    const db = openDatabase(file, queueMigrations);
    try {
      const rows = db.prepare('SELECT file_name, added_automatically FROM jobs ORDER BY id').all() as Array<{
        file_name: string;
        added_automatically: number;
      }>;
      expect(rows).toEqual([
        { file_name: 'wrong-patient.svs', added_automatically: 1 },
        { file_name: 'by-hand.svs', added_automatically: 0 },
      ]);
    } finally {
      db.close();
    }
  });
});
