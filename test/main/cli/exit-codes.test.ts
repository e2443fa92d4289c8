import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { jsonLines, jsonSummary, lastLine, runCli, type CliTarget } from './run-cli.js';

const TEST_TIMEOUT = 180_000;

/**
 * `upload` ends with one line of counts — uploaded, already uploaded, refused, failed — and an exit code that
 * follows them (README "Exit codes"): never "All … uploaded" beside files that were not.
 */
describe('upload: the summary line and the exit code agree', () => {
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

  const notSlide = async (name: string) => {
    const file = path.join(temp.dir, name);
    await writeFile(file, `Notes about ${name}, not a slide.\n`.repeat(40));
    return file;
  };
  const recordsOf = async (name: string) =>
    (await api.listImagesOfUser(19)).filter((image) => image.filename === name);

  it(
    'uploaded, already uploaded, refused and failed are counted; exit 0 only when every file is on the server',
    async () => {
      const slides = await Promise.all(['count-a.svs', 'count-b.svs'].map((n) => writeSlide(temp.dir, n)));
      const refused = await Promise.all(['notes-1.svs', 'notes-2.svs', 'notes-3.svs'].map(notSlide));

      // The case: 2 slides and 3 files that are no slides.
      const mixed = await runCli(target, ['upload', ...slides.map((s) => s.file), ...refused]);
      expect(mixed.code).toBe(1);
      expect(lastLine(mixed.stdout)).toBe('2 uploaded, 0 already uploaded, 3 refused, 0 failed.');
      expect(mixed.stdout).not.toMatch(/All \d+ file\(s\) uploaded/);
      for (const file of refused)
        expect(mixed.stderr).toContain(
          `${file}: ${path.basename(file)} is named like a slide but is not one`,
        );
      for (const name of ['count-a.svs', 'count-b.svs'])
        expect((await recordsOf(name)).map((image) => image.status)).toEqual(['Uploaded']);

      // Again, with --json: nothing new is uploaded, and the last line is the summary with the same counts.
      const again = await runCli(target, ['--json', 'upload', ...slides.map((s) => s.file), ...refused]);
      expect(again.code).toBe(1);
      const summary = jsonSummary(again.stdout);
      expect(summary).toMatchObject({
        type: 'summary',
        uploaded: 0,
        alreadyUploaded: 2,
        queued: 0,
        refused: 3,
        failed: 0,
        notFinished: 0,
        exitCode: 1,
      });
      const files = summary['files'] as Array<{ path: string; outcome: string; message: string | null }>;
      expect(
        files
          .filter((f) => f.outcome === 'refused')
          .map((f) => f.path)
          .sort(),
      ).toEqual(refused.sort());
      expect(jsonLines(again.stdout).filter((line) => line['type'] === 'result')).toHaveLength(1);

      // Only files that are on the server: exit 0.
      const onlySlides = await runCli(target, ['upload', ...slides.map((s) => s.file)]);
      expect(onlySlides.code).toBe(0);
      expect(lastLine(onlySlides.stdout)).toBe('0 uploaded, 2 already uploaded, 0 refused, 0 failed.');

      // A new slide beside one already uploaded: exit 0.
      const fresh = await writeSlide(temp.dir, 'count-c.svs');
      const mixedNew = await runCli(target, ['upload', slides[0]!.file, fresh.file]);
      expect(mixedNew.code).toBe(0);
      expect(lastLine(mixedNew.stdout)).toBe('1 uploaded, 1 already uploaded, 0 refused, 0 failed.');

      // A file that is not there failed (it could not be read), whatever else went well.
      const another = await writeSlide(temp.dir, 'count-d.svs');
      const missing = path.join(temp.dir, 'gone.svs');
      const withMissing = await runCli(target, ['upload', another.file, missing]);
      expect(withMissing.code).toBe(1);
      expect(withMissing.stderr).toContain(`${missing}: no such file or folder`);
      expect(lastLine(withMissing.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 1 failed.');
    },
    TEST_TIMEOUT,
  );

  it(
    'an upload the server refuses counts as failed, with its reason, and exits 1',
    async () => {
      const proxy: FaultProxy = await startFaultProxy();
      const behind = await startTestSandbox({ publicUrl: proxy.url });
      proxy.setTarget(behind.listening);
      try {
        proxy.inject({
          match: { url: /^POST \/Images$/ },
          fault: {
            type: 'status',
            status: 400,
            body: '{"success":false,"msg":"entity_id 99 does not exist"}',
          },
          times: Infinity,
        });
        const slide = await writeSlide(temp.dir, 'refused-by-server.svs');
        const run = await runCli({ api: proxy.url, stateDir: path.join(temp.dir, 'state-proxy') }, [
          'upload',
          slide.file,
        ]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /1 of 1 upload\(s\) did not finish:\n.*#1 failed .*refused-by-server\.svs — The server refused it\. Correct what the server names/,
        );
        expect(lastLine(run.stdout)).toBe('0 uploaded, 0 already uploaded, 0 refused, 1 failed.');
      } finally {
        await behind.dispose();
        await proxy.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'a token the server refuses: exit 3 (sign in again) for uploads and API commands; nothing is lost',
    async () => {
      const secured = await startTestSandbox({ token: 'the-right-token' });
      try {
        const slide = await writeSlide(temp.dir, 'needs-sign-in.svs');
        const securedTarget = { api: secured.api, stateDir: path.join(temp.dir, 'state-secured') };
        const refused = await runCli(securedTarget, ['--token', 'a-stale-token', 'upload', slide.file]);
        expect(refused.code).toBe(3);
        expect(refused.stderr).toMatch(/[Ss]ign in again/);
        expect(lastLine(refused.stdout)).toBe(
          '0 uploaded, 0 already uploaded, 0 refused, 0 failed, 1 not finished.',
        );
        const images = await runCli(securedTarget, ['--token', 'a-stale-token', 'images']);
        expect(images.code).toBe(3);

        // The job was kept: with the right token the same upload resumes it and succeeds.
        const resumed = await runCli(securedTarget, ['--token', 'the-right-token', 'upload', slide.file]);
        expect(resumed.code).toBe(0);
        expect(resumed.stderr).toMatch(/resuming job #1/);
        expect(lastLine(resumed.stdout)).toBe('1 uploaded, 0 already uploaded, 0 refused, 0 failed.');
      } finally {
        await secured.dispose();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'usage errors exit 2 and touch nothing',
    async () => {
      const noFiles = await runCli(target, ['upload', path.join(temp.dir, 'nothing-here')]);
      expect(noFiles.code).toBe(2);
      const badOption = await runCli(target, ['upload', '--concurrency', 'many', 'x.svs']);
      expect(badOption.code).toBe(2);
      const forgetWithoutYes = await runCli(target, ['forget', '1']);
      expect(forgetWithoutYes.code).toBe(2);
      expect(forgetWithoutYes.stderr).toMatch(/Nothing forgotten: add --yes/);
      const noSuchJob = await runCli(target, ['forget', '999', '--yes']);
      expect(noSuchJob.code).toBe(2);
      expect(noSuchJob.stderr).toMatch(/There is no job #999/);
    },
    TEST_TIMEOUT,
  );
});
