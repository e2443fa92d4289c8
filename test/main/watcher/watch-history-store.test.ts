import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMigrations } from '../../../src-main/engine/db/migrations.js';
import { openDatabase, type Db } from '../../../src-main/shared/sqlite.js';
import { WatchFoldersRepo } from '../../../src-main/watcher/watch-folders-repo.js';
import { WatchHistoryStore } from '../../../src-main/watcher/watch-history-store.js';
import type { WatchFileOutcome } from '../../../src-shared/watcher/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('watch history store', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db;
  let folderId: number;

  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-watch-history-');
    db = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    folderId = new WatchFoldersRepo(db).add({
      path: temp.dir,
      depth: null,
      includeExtensions: [],
      metadata: { userid: 19 },
      deidentify: false,
      afterUpload: 'leave',
      moveSubdir: null,
      usePolling: null,
      stableSeconds: 1,
      enabled: true,
    }).id;
  });
  afterAll(async () => {
    db?.close();
    await temp?.cleanup();
  });

  const entry = (id: number, index: number, outcome: WatchFileOutcome = 'queued') => ({
    folderId: id,
    path: `/scanner/slide-${index}.svs`,
    outcome,
    message: `slide-${index}.svs ${outcome === 'skipped' ? 'is cut short' : 'queued for upload'}.`,
    at: 1_000 + index,
  });

  it('keeps the newest entries of a saved folder up to its cap, pruning the oldest as it writes', () => {
    const store = new WatchHistoryStore(db, 5);
    for (let index = 0; index < 12; index += 1) store.add(entry(folderId, index));
    const page = store.query({ folderId, limit: 100 });
    expect(page.entries.map((e) => e.path)).toEqual(
      [11, 10, 9, 8, 7].map((index) => `/scanner/slide-${index}.svs`),
    );
    expect(page.more).toBe(false);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM watch_history WHERE folder_id = ?').get(folderId);
    expect(rows).toEqual({ n: 5 });
  });

  it('searches names and messages, filters outcomes and pages with `before`', () => {
    const store = new WatchHistoryStore(db, 50);
    store.add(entry(folderId, 20, 'skipped'));
    store.add(entry(folderId, 21));
    store.add(entry(folderId, 22, 'skipped'));
    expect(store.query({ folderId, query: 'SLIDE-21', limit: 10 }).entries.map((e) => e.at)).toEqual([1021]);
    expect(store.query({ folderId, query: 'cut short', limit: 10 }).entries.map((e) => e.at)).toEqual([
      1022, 1020,
    ]);
    const skipped = store.query({ folderId, outcomes: ['skipped'], limit: 1 });
    expect(skipped).toMatchObject({ entries: [{ at: 1022, outcome: 'skipped' }], more: true });
    const older = store.query({ folderId, outcomes: ['skipped'], limit: 1, before: skipped.entries[0]!.id });
    expect(older).toMatchObject({ entries: [{ at: 1020 }], more: false });
    // A search's characters are text, not patterns.
    expect(store.query({ folderId, query: '%', limit: 10 }).entries).toEqual([]);
  });

  it('keeps a transient folder in memory with the same cap, search and paging', () => {
    const store = new WatchHistoryStore(db, 3);
    for (let index = 0; index < 5; index += 1) store.add(entry(-1, index, index % 2 ? 'skipped' : 'queued'));
    expect(store.query({ folderId: -1, limit: 10 }).entries.map((e) => e.at)).toEqual([1004, 1003, 1002]);
    expect(store.query({ folderId: -1, outcomes: ['skipped'], limit: 10 }).entries.map((e) => e.at)).toEqual([
      1003,
    ]);
    const first = store.query({ folderId: -1, limit: 1 });
    expect(first.more).toBe(true);
    expect(
      store.query({ folderId: -1, limit: 5, before: first.entries[0]!.id }).entries.map((e) => e.at),
    ).toEqual([1003, 1002]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM watch_history WHERE folder_id = -1').get()).toEqual({
      n: 0,
    });
  });

  it('forgets a removed folder', () => {
    const store = new WatchHistoryStore(db);
    store.add(entry(folderId, 30));
    store.forget(folderId);
    expect(store.query({ folderId, limit: 10 }).entries).toEqual([]);
  });
});
