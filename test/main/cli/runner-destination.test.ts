import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { sandboxDestination, serverDestination } from '../../../src-main/engine/destination.js';
import { UploadEngine } from '../../../src-main/engine/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { jsonLines, jsonSummary, lastLine, runCli, type CliTarget } from './run-cli.js';

const TEST_TIMEOUT = 240_000;

/**
 * Another process runs the queue of the state dir — here the app's engine, in the test process — uploading to
 * server A. `upload` says truthfully where files go, and refuses to queue files meant for another server there.
 */
describe('upload while another process runs the queue for a server', () => {
  let sandboxA: TestSandbox;
  let sandboxB: TestSandbox;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let runner: UploadEngine | undefined;
  beforeAll(async () => {
    [sandboxA, sandboxB] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    apiA = createApiClient({ baseUrl: sandboxA.api });
    apiB = createApiClient({ baseUrl: sandboxB.api });
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await runner?.close();
    runner = undefined;
  });
  afterAll(async () => {
    await sandboxA?.dispose();
    await sandboxB?.dispose();
    await temp?.cleanup();
  });

  /** The app's engine running the queue of `stateDir`, uploading to A. */
  const startRunner = (stateDir: string): UploadEngine => {
    runner = new UploadEngine({
      stateDir,
      api: apiA,
      destination: serverDestination(sandboxA.api),
      runnerLabel: 'the PathomIQ Uploader app',
      retryBaseMs: 50,
    });
    runner.start();
    return runner;
  };
  const recordsOf = async (api: ApiClient, name: string) =>
    (await api.listImagesOfUser(19)).filter((image) => image.filename === name);
  const A = () => serverDestination(sandboxA.api);
  const B = () => serverDestination(sandboxB.api);
  const app = `the PathomIQ Uploader app (process ${process.pid})`;

  it(
    'refuses files for another server (exit 4, nothing queued) unless --to-running-queue; says where they go',
    async () => {
      const stateDir = path.join(temp.dir, 'state-server');
      const queue = startRunner(stateDir);
      const toA: CliTarget = { api: sandboxA.api, stateDir };
      const toB: CliTarget = { api: sandboxB.api, stateDir };
      const slide = await writeSlide(temp.dir, 'meant-for-b.svs');

      const refused = await runCli(toB, ['upload', slide.file]);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain(
        `Nothing queued: ${app} is running the upload queue in ${stateDir} and uploads to ${A()}, but these files are for ${B()} (given with --server).`,
      );
      expect(refused.stderr).toContain('--to-running-queue');
      expect(refused.stderr).not.toMatch(/Uploading \d+ slide/);
      expect(lastLine(refused.stdout)).toBe(
        `Nothing queued: the running queue uploads to ${A()}, not to ${B()}.`,
      );
      expect(queue.list()).toEqual([]);

      const refusedJson = await runCli(toB, ['--json', 'upload', slide.file]);
      expect(refusedJson.code).toBe(4);
      expect(jsonLines(refusedJson.stdout).find((line) => line['type'] === 'error')).toMatchObject({
        code: 'other-server',
        runner: { pid: process.pid, label: 'the PathomIQ Uploader app', destination: A() },
        destination: B(),
      });
      expect(jsonSummary(refusedJson.stdout)).toMatchObject({
        exitCode: 4,
        notQueued: 1,
        uploaded: 0,
        queued: 0,
      });
      expect(queue.list()).toEqual([]);

      // Told to: queued for the runner, which uploads it to ITS server, A.
      const handed = await runCli(toB, ['upload', '--to-running-queue', slide.file]);
      expect(handed.code).toBe(0);
      expect(handed.stderr).toContain(
        `The PathomIQ Uploader app (process ${process.pid}) is running the upload queue in ${stateDir} and uploads to ${A()}: it uploads these files there`,
      );
      expect(lastLine(handed.stdout)).toBe(`1 queued for ${app}, 0 already uploaded, 0 refused, 0 failed.`);
      await waitFor(
        async () => (await recordsOf(apiA, 'meant-for-b.svs')).find((image) => image.status === 'Uploaded'),
        'the runner to upload the handed-over file to A',
        60_000,
      );
      expect(queue.list().map((job) => [job.fileName, job.state, job.elsewhere])).toEqual([
        ['meant-for-b.svs', 'done', false],
      ]);
      expect(await recordsOf(apiB, 'meant-for-b.svs')).toEqual([]);

      // Files for the runner's own server are simply queued, and the message names that server.
      const forA = await writeSlide(temp.dir, 'meant-for-a.svs');
      const same = await runCli(toA, ['upload', forA.file]);
      expect(same.code).toBe(0);
      expect(same.stderr).toContain(`uploads to ${A()}: it uploads these files there`);
      await waitFor(
        async () => (await recordsOf(apiA, 'meant-for-a.svs')).find((image) => image.status === 'Uploaded'),
        'the runner to upload the second file',
        60_000,
      );

      // Job changes are refused while it runs the queue, as pause and resume are.
      for (const args of [
        ['forget', '1', '--yes'],
        ['retarget', 'all'],
        ['pause', 'all'],
      ]) {
        const result = await runCli(toB, args);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(
          `${app.replace(/^t/, 'T')} is running this queue (uploading to ${A()})`,
        );
      }
      expect(queue.list()).toHaveLength(2);
    },
    TEST_TIMEOUT,
  );

  it(
    'with no --server (the embedded sandbox) the refusal names the sandbox and why it was chosen',
    async () => {
      const stateDir = path.join(temp.dir, 'state-sandbox');
      const queue = startRunner(stateDir);
      const slide = await writeSlide(temp.dir, 'meant-for-sandbox.svs');
      const refused = await runCli({ api: undefined, stateDir }, ['upload', slide.file]);
      expect(refused.code).toBe(4);
      const sandbox = sandboxDestination(path.join(stateDir, 'sandbox')).slice('sandbox:'.length);
      expect(refused.stderr).toContain(
        `uploads to ${A()}, but these files are for the embedded sandbox (data in ${sandbox}) (no --server given).`,
      );
      expect(queue.list()).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
