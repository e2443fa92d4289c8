import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { runCli } from '../../helpers/cli.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { lastLine } from './run-cli.js';

const MiB = 1024 * 1024;

/**
 * kill -9 at every step of an upload, then `run` (or the same `upload`) again: each file ends uploaded exactly
 * once, with identical bytes and one image record. The sandbox runs in the test process, so it outlives the CLI.
 */
// Each test runs two or three CLI processes; start-up alone takes seconds each on a loaded machine.
describe('crash recovery of the CLI agent', { timeout: 120_000 }, () => {
  let sandbox: TestSandbox;
  let api: ApiClient;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = createApiClient({ baseUrl: sandbox.api });
  });
  afterAll(() => sandbox.dispose());
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(['--server', sandbox.api, '--user', '19', '--state-dir', `${temp.dir}/state`, ...args], { env });

  const expectUploadedOnce = async (name: string, bytes: Buffer) => {
    const records = (await api.listImagesOfUser(19)).filter((image) => image.filename === name);
    expect(records).toHaveLength(1);
    expect(records[0]!.status).toBe('Uploaded');
    const stored = Buffer.from(
      await (await fetch(`${sandbox.api}/S3/file/${records[0]!.image_unique_id}`)).arrayBuffer(),
    );
    expect(stored.equals(bytes)).toBe(true);
  };

  it.each([
    ['multipart', 'before-create-image'],
    ['multipart', 'after-create-image'],
    ['multipart', 'after-part-stored:2'],
    ['multipart', 'after-part:2'],
    ['multipart', 'before-complete'],
    ['multipart', 'after-complete'],
    ['multipart', 'before-put-uploaded'],
    ['post', 'after-create-image'],
    ['post', 'after-post-upload'],
    ['post', 'before-put-uploaded'],
  ])('%s: SIGKILL at %s, then `run` finishes it exactly once', async (mode, failpoint) => {
    const name = `crash-${mode}-${failpoint.replace(':', '-')}.svs`;
    const { file, bytes } = await writeRandomFile(temp.dir, name, 12 * MiB + 1);
    const crashed = await cli(
      ['upload', '--no-check', file, '--mode', mode, '--part-size', '5', '--part-concurrency', '2'],
      { PATHOMIQ_FAILPOINT: failpoint },
    );
    expect(crashed.signal).toBe('SIGKILL');
    const resumed = await cli(['run']);
    expect(resumed.stderr).toMatch(/#1 done/);
    expect(resumed.code).toBe(0);
    await expectUploadedOnce(name, bytes);
  });

  it.each(['after-part-stored:2', 'after-part:2'])(
    'against a server from before part checksums (md5-parts): SIGKILL at %s, then `run` finishes it exactly once',
    async (failpoint) => {
      const older = await startTestSandbox({ dialects: ['md5-parts'] });
      try {
        const name = `older-${failpoint.replace(':', '-')}.svs`;
        const { file, bytes } = await writeRandomFile(temp.dir, name, 12 * MiB + 1);
        const run = (args: string[], env: Record<string, string> = {}) =>
          runCli(['--server', older.api, '--user', '19', '--state-dir', `${temp.dir}/state`, ...args], {
            env,
          });
        const crashed = await run(
          [
            'upload',
            '--no-check',
            file,
            '--mode',
            'multipart',
            '--part-size',
            '5',
            '--part-concurrency',
            '2',
          ],
          { PATHOMIQ_FAILPOINT: failpoint },
        );
        expect(crashed.signal).toBe('SIGKILL');
        const resumed = await run(['run']);
        expect(resumed.code).toBe(0);
        const client = createApiClient({ baseUrl: older.api });
        const [record, ...others] = (await client.listImagesOfUser(19)).filter(
          (image) => image.filename === name,
        );
        expect(others).toHaveLength(0);
        expect(record!.status).toBe('Uploaded');
        const stored = Buffer.from(
          await (await fetch(`${older.api}/S3/file/${record!.image_unique_id}`)).arrayBuffer(),
        );
        expect(stored.equals(bytes)).toBe(true);
      } finally {
        await older.dispose();
      }
    },
  );

  it('re-running the same `upload` resumes the job instead of starting over', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'rerun.svs', 16 * MiB);
    const crashed = await cli(['upload', '--no-check', file, '--part-size', '5', '--part-concurrency', '1'], {
      PATHOMIQ_FAILPOINT: 'after-part:2',
    });
    expect(crashed.signal).toBe('SIGKILL');
    const again = await cli(['upload', '--no-check', file, '--part-size', '5']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resuming job #1/);
    const logs = (await api.listLogs()).filter((log) => /Upload resumed at [1-9]\d*%/.test(log.message));
    expect(logs.length).toBeGreaterThan(0);
    await expectUploadedOnce('rerun.svs', bytes);
  });

  it('Ctrl-C stops cleanly and resumably (exit 130), and `run` completes', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'interrupted.svs', 48 * MiB);
    const stopped = await runCli(
      [
        '--server',
        sandbox.api,
        '--user',
        '19',
        '--state-dir',
        `${temp.dir}/state`,
        '--json',
        'upload',
        '--no-check',
        file,
        '--part-size',
        '5',
        '--part-concurrency',
        '1',
        '--limit-rate',
        '4M',
      ],
      // One 5 MiB part at a time: once more than 5 MiB were sent, part 1 is confirmed (part 2 starts only then).
      // Ctrl-C then, whatever the machine's load: 48 MiB at 4 MiB/s take 12 s, so the upload is still under way.
      { interrupt: { after: /"bytesSent":(?:[6-9]\d{6}|\d{8,})/, delayMs: 0 } },
    );
    expect(stopped.code).toBe(130);
    expect(stopped.stdout + stopped.stderr).toMatch(/resumable/);
    expect(lastLine(stopped.stdout)).toMatch(/"type":"summary".*"notFinished":1/);
    const queue = await cli(['--json', 'queue']);
    const [job] = (
      JSON.parse(queue.stdout.trim().split('\n').at(-1)!) as {
        data: Array<{ state: string; bytesDone: number }>;
      }
    ).data;
    expect(job!.state).toBe('uploading');
    expect(job!.bytesDone).toBeGreaterThan(0);
    expect((await cli(['run'])).code).toBe(0);
    await expectUploadedOnce('interrupted.svs', bytes);
  });

  it('exits non-zero with a per-file summary when some files cannot be uploaded', async () => {
    const { file } = await writeRandomFile(temp.dir, 'good.svs', 1000);
    const result = await cli(['upload', '--no-check', file, `${temp.dir}/missing.svs`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/missing\.svs: no such file or folder/);
    expect(result.stderr).toMatch(/#1 done/);
  });

  it('keeps the token and presigned credentials out of the state dir and output', async () => {
    const secured = await startTestSandbox({ token: 'tok-3f9a1c-secret' });
    try {
      const { file } = await writeRandomFile(temp.dir, 'secret.svs', 6 * MiB);
      const run = await runCli(
        [
          '--server',
          secured.api,
          '--user',
          '19',
          '--state-dir',
          `${temp.dir}/state`,
          '--json',
          'upload',
          '--no-check',
          file,
        ],
        {
          env: { PATHOMIQ_TOKEN: 'tok-3f9a1c-secret' },
        },
      );
      expect(run.code).toBe(0);
      const { readdir, readFile } = await import('node:fs/promises');
      for (const name of await readdir(`${temp.dir}/state`)) {
        const content = await readFile(`${temp.dir}/state/${name}`).catch(() => Buffer.alloc(0));
        for (const secret of [
          'tok-3f9a1c-secret',
          'X-Amz-Signature',
          'X-Amz-Credential',
          // The sandbox's own S3 keys (made for its data dir) never reach the queue's state.
          secured.credentials.accessKeyId,
          secured.credentials.secretAccessKey,
        ]) {
          expect(content.includes(Buffer.from(secret)), `${secret} in ${name}`).toBe(false);
        }
      }
      const output = run.stdout + run.stderr;
      expect(output).not.toMatch(/tok-3f9a1c-secret|X-Amz-Signature/);
      expect(output).not.toContain(secured.credentials.accessKeyId);
      expect(output).not.toContain(secured.credentials.secretAccessKey);
    } finally {
      await secured.dispose();
    }
  });
});
