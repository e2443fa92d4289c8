import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { serverDestination } from '../../../src-main/engine/destination.js';
import { UploadEngine } from '../../../src-main/engine/engine.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { jsonResult, lastLine, runCli, startCli, type CliTarget } from './run-cli.js';

const MiB = 1024 * 1024;

/** Two CLI processes on one state dir: one runs the queue, the other hands it work (never a second runner). */
describe('one runner per queue', () => {
  let sandbox: TestSandbox;
  let other: TestSandbox;
  let api: ApiClient;
  let otherApi: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let target: CliTarget;
  beforeAll(async () => {
    [sandbox, other] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    api = createApiClient({ baseUrl: sandbox.api });
    otherApi = createApiClient({ baseUrl: other.api });
    temp = await makeTempDir();
    target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await other?.dispose();
    await temp?.cleanup();
  });

  it('a second `upload` queues for the running one, which uploads it; job changes are refused meanwhile', async () => {
    // 64 MiB at 256 KiB/s: minutes of upload, so the runner is certainly still running while the other CLIs start
    // (on a loaded machine too); it is stopped with Ctrl-C once what this test needs has happened.
    const slow = await writeRandomFile(temp.dir, 'runner-slow.svs', 64 * MiB);
    const extra = await writeRandomFile(temp.dir, 'runner-extra.svs', 1 * MiB);
    const elsewhere = await writeRandomFile(temp.dir, 'runner-elsewhere.svs', 1 * MiB);
    const runner = startCli(target, ['upload', '--no-check', slow.file, '--limit-rate', '256K']);
    try {
      const registered = async () =>
        (await api.listImagesOfUser(19)).some((image) => image.filename === 'runner-slow.svs') || undefined;
      await waitFor(registered, 'the first upload under way', 60_000);
      const runnerLine = /The command-line agent \(process (\d+)\)/;

      const second = await runCli(target, ['upload', '--no-check', extra.file]);
      expect(second.code).toBe(0);
      expect(second.stderr).toMatch(
        new RegExp(
          `${runnerLine.source} is running the upload queue in .* and uploads to ${serverDestination(sandbox.api)}: it uploads these files there`,
        ),
      );
      const pid = runnerLine.exec(second.stderr)![1];
      expect(pid).toBe(String(runner.child.pid));
      expect(lastLine(second.stdout)).toBe(
        `1 queued for the command-line agent (process ${pid}), 0 already uploaded, 0 refused, 0 failed.`,
      );

      // The case: files meant for another server are not handed to it (it would upload them elsewhere).
      const wrong = await runCli({ ...target, api: other.api }, ['upload', '--no-check', elsewhere.file]);
      expect(wrong.code).toBe(4);
      expect(wrong.stderr).toContain(
        `uploads to ${serverDestination(sandbox.api)}, but these files are for ${serverDestination(other.api)}`,
      );

      const pause = await runCli(target, ['pause', 'all']);
      expect(pause.code).toBe(1);
      expect(pause.stderr).toMatch(
        /The command-line agent \(process \d+\) is running this queue \(uploading to .*\); change its jobs there, or stop it first/,
      );

      // The runner picks up the handed-over file and uploads it beside its own.
      await waitFor(
        async () =>
          (await api.listImagesOfUser(19)).find(
            (image) => image.filename === 'runner-extra.svs' && image.status === 'Uploaded',
          ),
        'the runner to upload the handed-over file',
        60_000,
      );
    } finally {
      runner.child.kill('SIGINT');
    }
    const first = await runner.exited;
    expect(first.code).toBe(130);
    expect(lastLine(first.stdout)).toBe(
      '0 uploaded, 0 already uploaded, 0 refused, 0 failed, 1 not finished.',
    );

    const finished = await runCli(target, ['run']);
    expect(finished.code).toBe(0);
    expect(lastLine(finished.stdout)).toBe('1 uploaded, 0 failed.');
    const images = await api.listImagesOfUser(19);
    for (const name of ['runner-slow.svs', 'runner-extra.svs']) {
      const records = images.filter((image) => image.filename === name);
      expect(records.map((image) => image.status)).toEqual(['Uploaded']);
    }
    expect(images.some((image) => image.filename === 'runner-elsewhere.svs')).toBe(false);
    expect(await otherApi.listImagesOfUser(19)).toEqual([]);
    const queue = await runCli(target, ['--json', 'queue']);
    const jobs = jsonResult<Array<{ fileName: string; state: string }>>(queue.stdout);
    expect(jobs.map((job) => [job.fileName, job.state])).toEqual([
      ['runner-slow.svs', 'done'],
      ['runner-extra.svs', 'done'],
    ]);
  }, 240_000);

  it('a running `upload` does not wait for jobs another process queued for another server meanwhile', async () => {
    const stateDir = path.join(temp.dir, 'state-meanwhile');
    const mine = await writeRandomFile(temp.dir, 'meanwhile-mine.svs', 8 * MiB);
    const theirs = await writeRandomFile(temp.dir, 'meanwhile-theirs.svs', 1 * MiB);
    const runner = startCli({ api: sandbox.api, stateDir }, [
      'upload',
      '--no-check',
      mine.file,
      '--limit-rate',
      '512K',
    ]);
    try {
      await waitFor(
        async () =>
          (await api.listImagesOfUser(19)).some((image) => image.filename === 'meanwhile-mine.svs') ||
          undefined,
        'the upload under way',
        60_000,
      );
      // As the app does while another process runs the queue: it adds a job for its own server (here `other`).
      const app = new UploadEngine({ stateDir, api: otherApi, destination: serverDestination(other.api) });
      try {
        const [added] = await app.add([{ path: theirs.file, metadata: { userid: 19 } }]);
        expect(added).toMatchObject({ outcome: 'added' });
      } finally {
        await app.close();
      }
      // A runner that waited for them would never end: give up (and fail) long before the test's own timeout.
      const guard = setTimeout(() => runner.child.kill('SIGKILL'), 150_000);
      const ended = await runner.exited.finally(() => clearTimeout(guard));
      expect(ended.signal).toBeNull();
      expect(ended.code).toBe(0);
      expect(lastLine(ended.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');
    } finally {
      runner.child.kill('SIGKILL');
    }
    const jobs = jsonResult<Array<{ fileName: string; state: string; elsewhere: boolean }>>(
      (await runCli({ api: sandbox.api, stateDir }, ['--json', 'queue'])).stdout,
    );
    expect(jobs.map((job) => [job.fileName, job.state, job.elsewhere])).toEqual([
      ['meanwhile-mine.svs', 'done', false],
      ['meanwhile-theirs.svs', 'queued', true],
    ]);
  }, 240_000);
});
