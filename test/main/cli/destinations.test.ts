import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { serverDestination } from '../../../src-main/engine/destination.js';
import type { JobView } from '../../../src-shared/engine/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { jsonResult, lastLine, runCli, startCli, type CliTarget } from './run-cli.js';

const TEST_TIMEOUT = 240_000;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** One state dir, two servers: what was uploaded to one is not "already uploaded" on the other. */
describe('the CLI with jobs for two servers in one state dir', () => {
  let sandboxA: TestSandbox;
  let sandboxB: TestSandbox;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let toA: CliTarget;
  let toB: CliTarget;
  beforeAll(async () => {
    [sandboxA, sandboxB] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    apiA = createApiClient({ baseUrl: sandboxA.api });
    apiB = createApiClient({ baseUrl: sandboxB.api });
    temp = await makeTempDir();
    const stateDir = path.join(temp.dir, 'state');
    toA = { api: sandboxA.api, stateDir };
    toB = { api: sandboxB.api, stateDir };
  });
  afterAll(async () => {
    await sandboxA?.dispose();
    await sandboxB?.dispose();
    await temp?.cleanup();
  });

  const recordsOf = async (api: ApiClient, name: string) =>
    (await api.listImagesOfUser(19)).filter((image) => image.filename === name);
  /** The bytes the server stores for its single record of `name`. */
  const storedBytes = async (sandbox: TestSandbox, api: ApiClient, name: string) => {
    const records = await recordsOf(api, name);
    expect(records.map((image) => image.status)).toEqual(['Uploaded']);
    const response = await fetch(`${sandbox.api}/S3/file/${records[0]!.image_unique_id}`);
    return Buffer.from(await response.arrayBuffer());
  };
  const queueJobs = async (target: CliTarget) =>
    jsonResult<JobView[]>((await runCli(target, ['--json', 'queue'])).stdout);

  it(
    'a slide uploaded to A is uploaded to B when asked (not "already uploaded"), and `queue` shows both servers',
    async () => {
      const slide = await writeSlide(temp.dir, 'two-servers.svs');
      const first = await runCli(toA, ['upload', slide.file]);
      expect(first.code).toBe(0);
      expect(lastLine(first.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');

      const second = await runCli(toB, ['upload', slide.file]);
      expect(second.stderr).not.toMatch(/already uploaded/);
      expect(lastLine(second.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');
      expect(second.code).toBe(0);
      expect(sha256(await storedBytes(sandboxB, apiB, 'two-servers.svs'))).toBe(sha256(slide.bytes));
      expect(sha256(await storedBytes(sandboxA, apiA, 'two-servers.svs'))).toBe(sha256(slide.bytes));

      const listed = await runCli(toB, ['queue']);
      expect(listed.code).toBe(0);
      const lines = listed.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^#1 done .* two-servers\.svs → (\S+)$/);
      expect(lines[0]!.endsWith(` → ${serverDestination(sandboxA.api)}`)).toBe(true);
      expect(lines[1]!.endsWith(` → ${serverDestination(sandboxB.api)}`)).toBe(true);
      expect(listed.stdout).not.toMatch(/held/); // done jobs are history, not held

      const jobs = await queueJobs(toB);
      expect(jobs.map((job) => [job.id, job.state, job.elsewhere])).toEqual([
        [1, 'done', true],
        [2, 'done', false],
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    "another server's unfinished job is held; `retarget` sends it here, `forget --yes` forgets a finished one",
    async () => {
      const slide = await writeSlide(temp.dir, 'held.svs');
      // The process dies after the bytes reached A but before A marked the image Uploaded: the job stays open.
      const crashed = await startCli(toA, ['upload', slide.file], { PATHOMIQ_FAILPOINT: 'after-post-upload' })
        .exited;
      expect(crashed.signal).toBe('SIGKILL');
      const heldJob = (await queueJobs(toA)).find((job) => job.fileName === 'held.svs')!;
      expect(heldJob.state).not.toBe('done');

      const listed = await runCli(toB, ['queue']);
      expect(listed.stdout).toMatch(
        new RegExp(
          `#${heldJob.id} \\w+ .* held\\.svs → ${serverDestination(sandboxA.api)} \\(held: another server\\)`,
        ),
      );
      expect(listed.stderr).toMatch(/1 job\(s\) belong to another server and are held/);
      const unfinished = await runCli(toB, ['forget', String(heldJob.id), '--yes']);
      expect(unfinished.code).toBe(1);
      expect(unfinished.stderr).toMatch(/has not finished .*only a finished upload can be forgotten/);

      // `run` for B leaves A's job alone.
      const runB = await runCli(toB, ['run']);
      expect(runB.code).toBe(0);
      expect(runB.stdout).toContain(`Nothing queued for ${serverDestination(sandboxB.api)}.`);
      expect(await recordsOf(apiB, 'held.svs')).toEqual([]);

      // A done job cannot be retargeted: it is the other server's history.
      const doneJob = await runCli(toB, ['retarget', '1']);
      expect(doneJob.code).toBe(1);
      expect(doneJob.stderr).toMatch(/Job #1 is done on .*; done uploads stay that server's history/);

      const moved = await runCli(toB, ['retarget', 'all']);
      expect(moved.code).toBe(0);
      expect(moved.stdout).toMatch(/^1 job\(s\) will upload to /);
      const ran = await runCli(toB, ['run']);
      expect(ran.code).toBe(0);
      expect(lastLine(ran.stdout)).toBe('1 uploaded, 0 failed.');
      expect(sha256(await storedBytes(sandboxB, apiB, 'held.svs'))).toBe(sha256(slide.bytes));
      expect((await queueJobs(toB)).find((job) => job.id === heldJob.id)).toMatchObject({
        state: 'done',
        elsewhere: false,
      });

      // Forgetting needs --yes, refuses an unknown job, and then the same file is uploaded again.
      expect((await runCli(toB, ['forget', String(heldJob.id)])).code).toBe(2);
      const forgot = await runCli(toB, ['forget', String(heldJob.id), '--yes']);
      expect(forgot.code).toBe(0);
      expect(forgot.stdout).toMatch(new RegExp(`^Forgot job #${heldJob.id} \\(held\\.svs, done\\)`));
      expect((await queueJobs(toB)).map((job) => job.id)).not.toContain(heldJob.id);
      const again = await runCli(toB, ['upload', slide.file]);
      expect(again.code).toBe(0);
      expect(lastLine(again.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');
      expect(await recordsOf(apiB, 'held.svs')).toHaveLength(2);
    },
    TEST_TIMEOUT,
  );
});
