import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { VALID_IMAGESCOPE } from '../../helpers/imagescope-samples.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CLI_TEST_TIMEOUT, jsonResult, runCli, type CliTarget } from './run-cli.js';
import { createUploadedImage, waitForImage, type UploadedImage } from './uploaded-image.js';

const QUPATH = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'a3f1c2d4-0000-4000-8000-000000000001',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [10.5, 10.25],
            [80, 10.25],
            [80, 90.125],
            [10.5, 10.25],
          ],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'Focus',
        classification: { name: 'Tumor', color: [255, 0, 0] },
      },
    },
  ],
});

describe('CLI annotations convert (no server) and import of QuPath GeoJSON', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let sandbox: TestSandbox;
  let api: ApiClient;
  let image: UploadedImage;
  /** No --server: a command that opened the app would start the embedded sandbox here and say so. */
  let offline: CliTarget;

  const file = async (name: string, text: string): Promise<string> => {
    const target = path.join(temp.dir, name);
    await writeFile(target, text);
    return target;
  };

  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-cli-convert-');
    sandbox = await startTestSandbox({ speed: 100 });
    api = createApiClient({ baseUrl: sandbox.api });
    image = await createUploadedImage(api, temp.dir, 'cli-geojson.svs');
    offline = { api: undefined, stateDir: path.join(temp.dir, 'offline-state') };
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it(
    'converts GeoJSON to XML and back without opening the app, printing what was not carried',
    async () => {
      const input = await file('case.geojson', QUPATH);
      const xml = path.join(temp.dir, 'case.xml');
      const toXml = await runCli(offline, ['annotations', 'convert', input, xml]);
      expect(toXml.code, toXml.stderr).toBe(0);
      expect(toXml.stdout).toBe(
        `Converted ${input} (QuPath GeoJSON, 1 region in 1 layer) to ImageScope XML: ${xml}\n`,
      );
      expect(toXml.stderr).toBe(
        "Note: QuPath's ids of 1 object are not kept; ImageScope numbers its regions itself.\n",
      );
      expect(validateImageScopeXml(await readFile(xml, 'utf8'))).toMatchObject({
        ok: true,
        summary: { layerNames: ['Tumor'] },
      });
      // Nothing was opened: no embedded sandbox, no state dir.
      expect(existsSync(offline.stateDir)).toBe(false);

      const back = path.join(temp.dir, 'back.json');
      const toGeoJson = await runCli(offline, ['--json', 'annotations', 'convert', xml, back]);
      expect(toGeoJson.code, toGeoJson.stdout).toBe(0);
      expect(jsonResult(toGeoJson.stdout)).toMatchObject({
        from: 'imagescope',
        to: 'geojson',
        layers: 1,
        regions: 1,
        warnings: [],
      });
      const [feature] = (
        JSON.parse(await readFile(back, 'utf8')) as { features: Array<Record<string, unknown>> }
      ).features;
      const [original] = (JSON.parse(QUPATH) as { features: Array<Record<string, unknown>> }).features;
      expect(feature?.['geometry']).toEqual(original?.['geometry']);
      expect(feature?.['properties']).toEqual(original?.['properties']);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'exits 2 for usage (unknown extension, same format, missing file, existing output) and 1 for an unreadable input',
    async () => {
      const xml = await file('valid.xml', VALID_IMAGESCOPE);
      const existing = await file('existing.geojson', '{}');
      const broken = await file(
        'broken.geojson',
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,0]}}]}',
      );
      const [unknown, same, missing, clash, unreadable] = await Promise.all([
        runCli(offline, ['annotations', 'convert', xml, path.join(temp.dir, 'out.txt')]),
        runCli(offline, ['annotations', 'convert', xml, path.join(temp.dir, 'copy.xml')]),
        runCli(offline, [
          'annotations',
          'convert',
          path.join(temp.dir, 'nope.geojson'),
          path.join(temp.dir, 'x.xml'),
        ]),
        runCli(offline, ['annotations', 'convert', xml, existing]),
        runCli(offline, ['annotations', 'convert', broken, path.join(temp.dir, 'broken.xml')]),
      ]);
      expect(unknown).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/Cannot tell which format to write to .*out\.txt: use \.xml/),
      });
      expect(same).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/both ImageScope XML: there is nothing to convert/),
      });
      expect(missing).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/nope\.geojson: no such file/),
      });
      expect(clash).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists; add --force/) });
      expect(unreadable).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(
          /^Error: .*broken\.geojson: Object 1 \(Point\): a position holds Infinity, 0/,
        ),
      });
      expect(existsSync(path.join(temp.dir, 'broken.xml'))).toBe(false);
      expect(existsSync(offline.stateDir)).toBe(false);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'imports a .geojson file into the sandbox as ImageScope XML, with the notes on stderr',
    async () => {
      const input = await file('marks.geojson', QUPATH);
      const target: CliTarget = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
      const result = await runCli(target, ['annotations', 'import', image.uid, input]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(
          `^Imported .*marks\\.geojson \\(1 region in 1 layer, sent as marks\\.xml\\) into image ${image.uid}: `,
        ),
      );
      expect(result.stderr).toContain("Note: QuPath's ids of 1 object are not kept");
      const logs = await api.listLogs(image.uid);
      expect(logs.map((entry) => entry.message)).toContainEqual(
        expect.stringMatching(/^Annotation marks\.xml uploaded: 1 regions in 1 layers/),
      );
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'annotations export writes QuPath GeoJSON with --format geojson or an --out ending in .geojson, with the notes',
    async () => {
      await waitForImage(api, image.uid, 'tiling_status', 'Completed');
      await api.startPrediction(image.uid);
      await waitForImage(api, image.uid, 'status', 'Prediction Completed');
      const target: CliTarget = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
      const folder = path.join(temp.dir, 'exports');
      await mkdir(folder);
      const named = path.join(temp.dir, 'prediction.geojson');
      const [byFlag, byName] = await Promise.all([
        runCli(target, ['annotations', 'export', image.uid, '--out', folder, '--format', 'geojson']),
        runCli(target, ['--json', 'annotations', 'export', image.uid, '--out', named]),
      ]);
      const defaultFile = path.join(folder, `${image.uid}_complete_net_prediction.geojson`);
      expect(byFlag.code, byFlag.stderr).toBe(0);
      expect(byFlag.stdout.trimEnd().endsWith(`as QuPath GeoJSON to ${defaultFile}`)).toBe(true);
      // The sandbox's prediction has a rectangle and a layer attribute: GeoJSON cannot carry them as they are.
      expect(byFlag.stderr).toMatch(/^Note: .*rectangle/m);
      expect(byName.code, byName.stdout).toBe(0);
      expect(jsonResult(byName.stdout)).toMatchObject({
        format: 'geojson',
        path: named,
        warnings: expect.any(Array),
      });
      for (const file of [defaultFile, named]) {
        const collection = JSON.parse(await readFile(file, 'utf8')) as { type: string; features: unknown[] };
        expect(collection.type).toBe('FeatureCollection');
        expect(collection.features.length).toBeGreaterThan(0);
      }
    },
    CLI_TEST_TIMEOUT,
  );
});
