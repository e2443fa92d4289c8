import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/shared/sqlite.js';
import { queueMigrations } from '../../../../src-main/engine/db/migrations.js';
import { PartsRepo } from '../../../../src-main/engine/db/parts-repo.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('migration 012: part checksums', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('keeps the parts a queue from before recorded (with their MD5s) and records CRC-32 parts after it', () => {
    const file = path.join(temp.dir, 'queue.sqlite');
    const before = queueMigrations.filter((migration) => migration.name < '012');
    const old = openDatabase(file, before);
    old
      .prepare(
        `INSERT INTO jobs (source_path, file_name, size, mtime_ms, userid, state, position, created_at, updated_at)
         VALUES ('/s/a.svs', 'a.svs', 20, 1, 19, 'uploading', 1, 1, 1)`,
      )
      .run();
    old
      .prepare(
        "INSERT INTO job_parts (job_id, part_number, size, etag, md5) VALUES (1, 1, 10, '\"abc\"', 'abc')",
      )
      .run();
    old.close();

    const db = openDatabase(file, queueMigrations);
    try {
      const parts = new PartsRepo(db);
      parts.record(1, { part_number: 2, size: 10, etag: '"def"', md5: null, crc32: 'AAAAAA==' });
      expect(parts.forJob(1)).toEqual([
        { part_number: 1, size: 10, etag: '"abc"', md5: 'abc', crc32: null },
        { part_number: 2, size: 10, etag: '"def"', md5: null, crc32: 'AAAAAA==' },
      ]);
      // A part proven by nothing cannot be recorded.
      expect(() => parts.record(1, { part_number: 3, size: 1, etag: '"x"', md5: null, crc32: null })).toThrow(
        /CHECK/,
      );
    } finally {
      db.close();
    }
  });
});
