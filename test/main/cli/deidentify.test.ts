import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { runCli } from '../../helpers/cli.js';
import { openslideView } from '../../helpers/deid.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { IDENTIFYING, identifiableSvsBytes } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT } from './run-cli.js';

const MiB = 1024 * 1024;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `upload --deidentify` from real CLI processes, killed mid multipart upload and resumed with `run`. */
describe('upload --deidentify', { timeout: CLI_TEST_TIMEOUT }, () => {
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
  const storedAs = async (name: string) => {
    const images = (await api.listImagesOfUser(19)).filter((image) => image.filename === name);
    return Promise.all(
      images.map(async (image) =>
        Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${image.image_unique_id}`)).arrayBuffer()),
      ),
    );
  };

  it('killed after two parts, `run` resumes to the same bytes as an uninterrupted de-identified upload', async () => {
    const file = path.join(temp.dir, 'CASE-crash.svs');
    const bytes = identifiableSvsBytes({ tileBytes: MiB, ifdsFirst: true });
    await writeFile(file, bytes);
    const crashed = await cli(['upload', file, '--deidentify', '--mode', 'multipart', '--part-size', '5'], {
      PATHOMIQ_FAILPOINT: 'after-part:2',
    });
    expect(crashed.signal).toBe('SIGKILL');
    const resumed = await cli(['run']);
    expect(resumed.code).toBe(0);
    const [object] = await storedAs('CASE-crash.svs');
    expect(object!.length).toBe(bytes.length);
    for (const value of Object.values(IDENTIFYING)) expect(object!.includes(value)).toBe(false);
    const copy = path.join(temp.dir, 'stored.svs');
    await writeFile(copy, object!);
    expect((await openslideView(copy)).associated).toEqual(['thumbnail']);

    const again = await cli([
      'upload',
      file,
      '--deidentify',
      '--force',
      '--mode',
      'multipart',
      '--part-size',
      '5',
    ]);
    expect(again.code).toBe(0);
    // Every line about the job says what reached the server is not the file as it is here.
    expect(again.stdout + again.stderr).toMatch(/#\d+ done .*CASE-crash\.svs \(label and macro removed\)/);
    const objects = await storedAs('CASE-crash.svs');
    expect(objects).toHaveLength(2);
    expect(objects[0]!.equals(objects[1]!)).toBe(true);
    expect(sha(await readFile(file))).toBe(sha(bytes));
  });

  it('a slide whose label cannot be removed is refused with the reason (exit code not 0)', async () => {
    const file = path.join(temp.dir, 'odd.svs');
    await writeFile(file, identifiableSvsBytes({ extra: true }));
    const result = await cli(['upload', file, '--deidentify']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/odd\.svs was not uploaded: de-identification is on/);
    expect(await storedAs('odd.svs')).toEqual([]);
  });
});
