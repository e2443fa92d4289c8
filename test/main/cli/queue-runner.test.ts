import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { runCli, startCli, type CliTarget } from './run-cli.js';

const MiB = 1024 * 1024;

/** Two CLI processes on one state dir: one runs the queue, the other hands it work (never a second runner). */
describe('one runner per queue', () => {
  let sandbox: TestSandbox;
  let api: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let target: CliTarget;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = createApiClient({ baseUrl: sandbox.api });
    temp = await makeTempDir();
    target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('a second `upload` queues for the running one, which uploads it; job changes are refused meanwhile', async () => {
    const slow = await writeRandomFile(temp.dir, 'runner-slow.svs', 12 * MiB);
    const extra = await writeRandomFile(temp.dir, 'runner-extra.svs', 1 * MiB);
    // 12 s at 1 MB/s: room for two more CLI start-ups on a loaded machine while it still runs.
    const runner = startCli(target, ['upload', '--no-check', slow.file, '--limit-rate', '1M']);
    const registered = async () =>
      (await api.listImagesOfUser(19)).some((image) => image.filename === 'runner-slow.svs') || undefined;
    await waitFor(registered, 'the first upload under way', 15_000);

    const second = await runCli(target, ['upload', '--no-check', extra.file]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(
      /The command-line agent \(process \d+\) is already running the upload queue in .*; it uploads what is queued there\./,
    );
    const pause = await runCli(target, ['pause', 'all']);
    expect(pause.code).toBe(1);
    expect(pause.stderr).toMatch(
      /The command-line agent \(process \d+\) is running this queue; pause, resume/,
    );

    const first = await runner.exited;
    expect(first.code).toBe(0);
    const images = await api.listImagesOfUser(19);
    for (const name of ['runner-slow.svs', 'runner-extra.svs']) {
      const records = images.filter((image) => image.filename === name);
      expect(records.map((image) => image.status)).toEqual(['Uploaded']);
    }
    const queue = await runCli(target, ['--json', 'queue']);
    const jobs = JSON.parse(queue.stdout.trim().split('\n').at(-1)!).data as Array<{ state: string }>;
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done']);
  });
});
