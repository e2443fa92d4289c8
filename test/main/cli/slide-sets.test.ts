import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { runCli } from '../../helpers/cli.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { buildMirax, buildVsi } from '../../helpers/slide-sets.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { unpack, unzipTest } from '../../helpers/unzip.js';
import { CLI_TEST_TIMEOUT, jsonResult } from './run-cli.js';

const MiB = 1024 * 1024;

/**
 * Issue 10's "done when": a MIRAX folder, a VSI folder and the DICOM pair each upload as exactly one image whose
 * stored ZIP tests clean and holds byte-identical members — a MIRAX upload killed mid-way included — and the
 * corrupt fixtures are refused with reasons. Real CLI processes, real sandbox, real S3 store.
 */
describe('multi-file slides from the command line', { timeout: CLI_TEST_TIMEOUT }, () => {
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

  /** Exactly one image of that name, Uploaded, whose stored ZIP unpacks to exactly these files, byte for byte. */
  const expectOneZipOf = async (name: string, members: readonly string[], root: string) => {
    const images = (await api.listImagesOfUser(19)).filter((image) => image.filename === name);
    expect(images).toHaveLength(1);
    expect(images[0]!.status).toBe('Uploaded');
    const zip = Buffer.from(
      await (await fetch(`${sandbox.api}/S3/file/${images[0]!.image_unique_id}`)).arrayBuffer(),
    );
    const tested = await unzipTest(zip, temp.dir);
    if (tested !== undefined) expect(tested).toMatch(/No errors detected/);
    const entries = await unpack(zip);
    expect([...entries.keys()].sort()).toEqual(
      members.map((member) => path.relative(root, member).split(path.sep).join('/')).sort(),
    );
    for (const member of members) {
      const entry = entries.get(path.relative(root, member).split(path.sep).join('/'))!;
      expect(entry.equals(await readFile(member))).toBe(true);
    }
  };

  it('a MIRAX slide killed after two parts resumes with `run`: one image, the ZIP byte-identical to its files', async () => {
    const slide = await buildMirax(temp.dir, 'CASE-0042', { dataFiles: 3, dataBytes: 4 * MiB });
    const crashed = await cli(['upload', slide.main, '--mode', 'multipart', '--part-size', '5'], {
      PATHOMIQ_FAILPOINT: 'after-part:2',
    });
    expect(crashed.signal).toBe('SIGKILL');
    const resumed = await cli(['run']);
    expect(resumed.stderr).toMatch(/#1 done/);
    expect(resumed.code).toBe(0);
    await expectOneZipOf('CASE-0042.mrxs.zip', slide.members, temp.dir);
    const logs = (await api.listLogs()).filter((log) => /Upload resumed at [1-9]\d*%/.test(log.message));
    expect(logs.length).toBeGreaterThan(0);
  });

  it('a VSI slide named by one of its .ets files uploads once, as <slide>.vsi.zip', async () => {
    const slide = await buildVsi(temp.dir, 'CASE-0043', { stacks: 2, tiles: 8, tileBytes: 64 * 1024 });
    const ets = slide.members.find((member) => member.endsWith('.ets'))!;
    const result = await cli(['upload', slide.main, ets]);
    expect(result.code).toBe(0);
    await expectOneZipOf('CASE-0043.vsi.zip', slide.members, temp.dir);
  });

  it.skipIf(!hasSharedFixtures)(
    'the DICOM pair is one image; unreadable.svs and unopenable.tiff are refused',
    async () => {
      const series = path.join(temp.dir, 'CASE-0044');
      await mkdir(series);
      const instances = ['boxes_0.dcm', 'boxes_1.dcm'].map((name) => path.join(series, name));
      for (const instance of instances)
        await copyFile(fixturePath('slides', path.basename(instance)), instance);
      const broken = ['unreadable.svs', 'unopenable.tiff'].map((name) => path.join(temp.dir, name));
      for (const file of broken) await copyFile(fixturePath('slides', path.basename(file)), file);

      const result = await cli(['upload', ...instances, ...broken]);
      expect(result.code).toBe(1); // two files refused
      expect(result.stderr).toMatch(/unreadable\.svs.*tile \(0, 0\) of level 0.*cannot be decoded/);
      expect(result.stderr).toMatch(/unopenable\.tiff.*compression code 52479/);
      await expectOneZipOf('CASE-0044.dcm.zip', instances, series);
      const names = (await api.listImagesOfUser(19)).map((image) => image.filename);
      expect(names.filter((name) => /unreadable|unopenable|boxes/.test(name))).toEqual([]);
    },
  );

  it('`inspect` reports what QC found without queueing anything (human and --json)', async () => {
    const slide = await buildMirax(temp.dir, 'CASE-0045', { dataFiles: 2, dataBytes: 64 * 1024 });
    const human = await runCli(['--state-dir', `${temp.dir}/state`, 'inspect', slide.main]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Verdict: +passes slide QC — would upload as CASE-0045\.mrxs\.zip/);
    expect(human.stdout).toMatch(new RegExp(`Files: +${slide.members.length}, sent as one uncompressed ZIP`));
    expect(human.stdout).toMatch(/CASE-0045\/Slidedat\.ini/);
    const json = await runCli(['--state-dir', `${temp.dir}/state`, '--json', 'inspect', slide.main]);
    const report = jsonResult<Record<string, unknown>>(json.stdout);
    expect(report).toMatchObject({
      verdict: 'passes',
      format: 'MIRAX (3DHistech)',
      uploadName: 'CASE-0045.mrxs.zip',
      members: expect.arrayContaining([expect.objectContaining({ entryName: 'CASE-0045.mrxs' })]),
    });
    expect((report['members'] as unknown[]).length).toBe(slide.members.length);
    // Nothing was queued.
    const queue = await runCli(['--state-dir', `${temp.dir}/state`, 'queue']);
    expect(queue.stdout + queue.stderr).not.toMatch(/CASE-0045/);
    if (hasSharedFixtures) {
      const refused = await runCli([
        '--state-dir',
        `${temp.dir}/state`,
        'inspect',
        fixturePath('slides', 'unreadable.svs'),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/refused: .*tile \(0, 0\) of level 0/);
    }
  });
});
