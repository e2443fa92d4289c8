import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueDatabase } from '../../../src-main/engine/db/queue-database.js';
import { JobStore } from '../../../src-main/engine/job-store.js';
import { compileCli, type CompiledCli } from '../../helpers/compiled-cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, jsonResult } from './run-cli.js';

/** The server `queue` is run for (never contacted: listing is local), and another one. */
const HERE = 'https://here.example/api';
const OTHER_SERVER = 'https://other.example/api';

/**
 * A queue with one job of each kind `queue` words differently: failed with an error, another server's (open and
 * finished), de-identified (plan to be made, recorded, damaged), a multi-file slide, cleared, waiting to retry, a
 * name with a control character — and another live process running it.
 */
function seedVariedQueue(stateDir: string): void {
  mkdirSync(stateDir, { recursive: true });
  const db = openQueueDatabase(stateDir);
  try {
    const store = new JobStore(db, HERE, () => undefined);
    store.add(
      Array.from({ length: 12 }, (_, index) => ({
        sourcePath: `/scans/CASE-${index}.svs`,
        fileName: `CASE-${index}.svs`,
        size: 1_500_000_000 + index,
        mtimeMs: 1_700_000_000_000,
        metadata: { userid: 19 },
        server: HERE,
      })),
    );
    const plan = JSON.stringify({
      version: 1,
      size: 10,
      mtimeMs: 1,
      removed: ['label image', 'macro image'],
      blanked: ['Filename', 'DateTime'],
      patches: [],
    });
    const members = JSON.stringify([
      { path: '/a.dcm', entryName: 'a.dcm', size: 1, mtimeMs: 1 },
      { path: '/b.dcm', entryName: 'b.dcm', size: 1, mtimeMs: 1 },
    ]);
    const set = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
    set(
      "UPDATE jobs SET state = 'failed', error_message = 'connect ECONNREFUSED', error_kind = 'network' WHERE id = 1",
    );
    set('UPDATE jobs SET server = ? WHERE id = 2', OTHER_SERVER);
    set("UPDATE jobs SET server = ?, state = 'done' WHERE id = 3", OTHER_SERVER);
    set('UPDATE jobs SET deidentify = 1 WHERE id = 4');
    set('UPDATE jobs SET deidentify = 1, deid_plan = ? WHERE id = 5', plan);
    set("UPDATE jobs SET deidentify = 1, deid_plan = '{damaged' WHERE id = 6");
    set('UPDATE jobs SET members = ? WHERE id = 7', members);
    set("UPDATE jobs SET hidden = 1, state = 'done' WHERE id = 8");
    set('UPDATE jobs SET retry_at = ? WHERE id = 9', Date.now() + 3_600_000);
    set('UPDATE jobs SET priority = 5 WHERE id = 10');
    set("UPDATE jobs SET file_name = 'bad\u001bname.svs' WHERE id = 11");
    // This test's own process is alive and beats its heart now: another process runs the queue.
    set(
      `INSERT INTO queue_runner (id, pid, token, label, started_at, heartbeat_at, destination)
         VALUES (1, ?, 'elsewhere', 'the desktop app', ?, ?, ?)`,
      process.pid,
      Date.now(),
      Date.now() + 600_000,
      OTHER_SERVER,
    );
  } finally {
    db.close();
  }
}

describe('`queue` without the app', () => {
  let cli: CompiledCli;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    cli = await compileCli();
    temp = await makeTempDir('pathomiq-queue-lean-');
  }, CLI_TEST_TIMEOUT);
  afterAll(async () => {
    await cli?.dispose();
    await temp?.cleanup();
  });

  /** `queue` on a copy of `seeded` (each run may write its backup); with `throughApp`, the way through the app. */
  async function listed(seeded: string, name: string, args: readonly string[], throughApp: boolean) {
    const stateDir = path.join(temp.dir, name);
    cpSync(seeded, stateDir, { recursive: true });
    // A token file is checked by the app, so `queue` goes the app's way with it (the token itself is not used).
    const tokenFile = path.join(temp.dir, 'token');
    writeFileSync(tokenFile, 'unused\n');
    const result = await cli.run({ api: undefined, stateDir }, [
      ...(throughApp ? ['--token-file', tokenFile] : []),
      '--server',
      HERE,
      ...args,
      'queue',
    ]);
    // The seconds left before a retry tick on between two runs.
    const strip = (text: string) =>
      text.replaceAll(stateDir, '<state>').replace(/retrying in \d+ s/g, 'retrying in N s');
    return { code: result.code, stdout: strip(result.stdout), stderr: strip(result.stderr) };
  }

  it(
    'prints what the app prints, as text and as JSON, for every kind of job, held jobs and a runner',
    async () => {
      const seeded = path.join(temp.dir, 'seeded');
      seedVariedQueue(seeded);
      for (const args of [[], ['--json'], ['--verbose']]) {
        const tag = args.join('') || 'text';
        const lean = await listed(seeded, `lean-${tag}`, args, false);
        const app = await listed(seeded, `app-${tag}`, args, true);
        expect(lean.code, lean.stderr).toBe(0);
        expect(lean).toEqual(app);
      }

      const text = await listed(seeded, 'words', [], false);
      const lines = text.stdout.trimEnd().split('\n');
      // Queue order (priority first), the cleared job left out, each kind in its words.
      expect(lines).toHaveLength(11);
      expect(lines[0]).toMatch(/^#10 /);
      expect(text.stdout).not.toMatch(/^#8 /m);
      expect(text.stdout).toMatch(/^#7 .*\(2 files\) → https:\/\/here\.example\/api$/m);
      expect(text.stdout).toMatch(/^#2 .*→ https:\/\/other\.example\/api \(held: another server\)$/m);
      expect(text.stdout).toMatch(/^#1 failed .* — The server could not be reached\./m);
      expect(text.stdout).toContain('bad\\x1bname.svs');
      expect(text.stderr).toContain(
        `The desktop app (process ${process.pid}) is running this queue, uploading to ${OTHER_SERVER}.`,
      );
      expect(text.stderr).toContain('1 job(s) belong to another server and are held');

      const json = await listed(seeded, 'json', ['--json'], false);
      const jobs = jsonResult<Array<{ id: number; elsewhere: boolean; deidentified?: string }>>(json.stdout);
      expect(jobs.map((job) => job.id)).toEqual([10, 1, 2, 3, 4, 5, 6, 7, 9, 11, 12]);
      expect(jobs.filter((job) => job.elsewhere).map((job) => job.id)).toEqual([2, 3]);
      // A recorded plan is read for its words (the lean path loads the plan's parser for it).
      expect(jobs.filter((job) => job.deidentified).map((job) => [job.id, job.deidentified])).toEqual([
        [4, 'to be de-identified'],
        [5, 'label and macro removed, 2 identifying fields blanked'],
        [6, 'de-identification plan damaged'],
      ]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'refuses a damaged queue in the same words as the app',
    async () => {
      const damaged = path.join(temp.dir, 'damaged');
      seedVariedQueue(damaged);
      writeFileSync(
        path.join(damaged, 'queue.sqlite'),
        'not a database at all, and long enough to have a header',
      );
      const lean = await listed(damaged, 'damaged-lean', [], false);
      const app = await listed(damaged, 'damaged-app', [], true);
      expect(lean.code).toBe(1);
      expect(lean.stderr).toMatch(/The upload queue in <state>\/queue\.sqlite is damaged/);
      expect(lean).toEqual(app);
    },
    CLI_TEST_TIMEOUT,
  );
});
