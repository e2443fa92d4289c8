import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import {
  ASAP_ANNOTATIONS,
  EMPTY_ANNOTATIONS,
  MALFORMED_IMAGESCOPE,
  VALID_IMAGESCOPE,
} from '../../helpers/imagescope-samples.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { jsonLines, jsonResult, runCli, type CliResult, type CliTarget } from './run-cli.js';
import { createUploadedImage, type UploadedImage } from './uploaded-image.js';

/** What the local check says about the file: the CLI must print exactly this. */
async function validatorMessage(file: string): Promise<string> {
  const validation = validateImageScopeXml(await readFile(file, 'utf8'));
  if (validation.ok) throw new Error(`${file} was expected to be invalid`);
  return validation.message;
}

describe('CLI annotations import', () => {
  let sandbox: TestSandbox;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let target: CliTarget;
  let api: ApiClient;
  let accepting: UploadedImage;
  /** Only bad files are offered to this image, so its log must never show an uploaded annotation. */
  let rejecting: UploadedImage;

  const writeXml = async (name: string, text: string): Promise<string> => {
    const file = path.join(temp.dir, name);
    await writeFile(file, text);
    return file;
  };

  /** Exit 1 with "<file>: <validator message>", and the server never reached. */
  const expectRejectedLocally = async (result: CliResult, file: string) => {
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error: ${file}: ${await validatorMessage(file)}\n`);
  };

  const uploadedAnnotationLogs = async (uid: string) =>
    (await api.listLogs(uid)).filter((entry) => /^Annotation .* uploaded/.test(entry.message));

  beforeAll(async () => {
    sandbox = await startTestSandbox({ speed: 100 });
    temp = await makeTempDir('pathomiq-cli-annotations-');
    target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
    api = createApiClient({ baseUrl: sandbox.api });
    const upload = (name: string) => createUploadedImage(api, temp.dir, `cli-${name}.svs`);
    [accepting, rejecting] = await Promise.all([upload('accepting'), upload('rejecting')]);
  });

  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('imports a valid ImageScope file into the image (as user 19), and refuses an unknown image', async () => {
    const file = await writeXml('valid.xml', VALID_IMAGESCOPE);
    const [human, json, unknown] = await Promise.all([
      runCli(target, ['annotations', 'import', accepting.uid, file]),
      runCli(target, ['--json', 'annotations', 'import', accepting.uid, file]),
      runCli(target, ['annotations', 'import', 'no-such-image-0000', file]),
    ]);

    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^Imported .*valid\\.xml \\(1 region in 1 layer\\) into image ${accepting.uid}: `),
    );
    expect(json.code).toBe(0);
    expect(jsonResult(json.stdout)).toMatchObject({
      image_unique_id: accepting.uid,
      image_id: accepting.id,
      summary: { layers: 1, regions: 1, layerNames: ['Tumor'] },
    });
    const uploads = await uploadedAnnotationLogs(accepting.uid);
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.message).toContain('(by user 19)');

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('The server no longer has image no-such-image-0000.');
  });

  it('rejects malformed, empty and non-ImageScope XML locally with the validator message (exit 1, nothing sent)', async () => {
    const [malformed, empty, asap] = await Promise.all([
      writeXml('cut-short.xml', MALFORMED_IMAGESCOPE),
      writeXml('empty.xml', EMPTY_ANNOTATIONS),
      writeXml('asap.xml', ASAP_ANNOTATIONS),
    ]);
    const results = await Promise.all([
      runCli(target, ['annotations', 'import', rejecting.uid, malformed]),
      runCli(target, ['annotations', 'import', rejecting.uid, empty]),
      runCli(target, ['annotations', 'import', rejecting.uid, asap]),
      runCli(target, ['--json', 'annotations', 'import', rejecting.uid, asap]),
    ]);

    await expectRejectedLocally(results[0]!, malformed);
    await expectRejectedLocally(results[1]!, empty);
    await expectRejectedLocally(results[2]!, asap);
    expect(results[3]!.code).toBe(1);
    expect(jsonLines(results[3]!.stdout)).toEqual([
      { type: 'error', message: `${asap}: ${await validatorMessage(asap)}`, detail: null },
    ]);
    expect(await uploadedAnnotationLogs(rejecting.uid)).toEqual([]);
  });

  it.skipIf(!hasSharedFixtures)(
    'imports the shared fixtures: the two-class file succeeds, the bad ones exit 1',
    async () => {
      const good = fixturePath('annotations', 'imagescope-two-classes.xml');
      const bad = ['malformed-unclosed.xml', 'not-imagescope-asap.xml', 'empty.xml'].map((name) =>
        fixturePath('annotations', name),
      );
      const [imported, ...rejected] = await Promise.all([
        runCli(target, ['annotations', 'import', accepting.uid, good]),
        ...bad.map((file) => runCli(target, ['annotations', 'import', rejecting.uid, file])),
      ]);

      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('in 2 layers) into image');
      for (const [index, file] of bad.entries()) await expectRejectedLocally(rejected[index]!, file);
      expect(await uploadedAnnotationLogs(rejecting.uid)).toEqual([]);
    },
  );
});
