import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageScopeToGeoJson } from '../../../src-shared/annotations/annotation-formats.js';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { createUploadedImage, waitForImage, type UploadedImage } from '../cli/uploaded-image.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

/** A QuPath export: two classes, a polygon with a hole, fractional coordinates, and measurements. */
const QUPATH_FEATURES = [
  {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [100.25, 200.125],
          [900.5, 200.125],
          [900.5, 700.75],
          [100.25, 700.75],
          [100.25, 200.125],
        ],
        [
          [300, 300],
          [400, 300],
          [400, 400],
          [300, 300],
        ],
      ],
    },
    properties: {
      objectType: 'annotation',
      name: 'Focus 1',
      classification: { name: 'Tumor', color: [200, 0, 0] },
      measurements: { 'Area µm^2': 1234.5 },
    },
  },
  {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [10, 10],
          [60, 10],
          [35, 50.3333333333],
          [10, 10],
        ],
      ],
    },
    properties: { objectType: 'annotation', classification: { name: 'Stroma', color: [0, 150, 255] } },
  },
];
const QUPATH_GEOJSON = JSON.stringify({ type: 'FeatureCollection', features: QUPATH_FEATURES });

describe('app service: QuPath GeoJSON annotations through the real sandbox', () => {
  let sandbox: TestSandbox;
  let api: ApiClient;
  let app: TestApp;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let annotated: UploadedImage;
  let refused: UploadedImage;
  let predicted: UploadedImage;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ speed: 20 });
    api = createApiClient({ baseUrl: sandbox.api });
    temp = await makeTempDir('pathomiq-app-geojson-');
    app = await startTestApp({ stored: serverSettings(sandbox.api) });
    const upload = (name: string) => createUploadedImage(api, temp.dir, name, 64 * 1024 + 7);
    [annotated, refused, predicted] = await Promise.all([
      upload('annotated.svs'),
      upload('refused.svs'),
      upload('predicted.svs'),
    ]);
    await waitForImage(api, predicted.uid, 'tiling_status', 'Completed');
  });
  afterAll(async () => {
    await app?.dispose();
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  it('converts a .geojson file to ImageScope XML, uploads it as .xml and reports what was not carried', async () => {
    const result = await app.send('annotations.import', {
      imageUniqueId: annotated.uid,
      fileName: 'case-12.geojson',
      xml: QUPATH_GEOJSON,
    });
    expect(result).toMatchObject({
      uploadedAs: 'case-12.xml',
      summary: { layers: 2, regions: 3, negativeRegions: 1, layerNames: ['Tumor', 'Stroma'] },
      message: expect.stringMatching(
        /^Imported case-12\.geojson \(3 regions in 2 layers, converted from QuPath GeoJSON to case-12\.xml\) into annotated\.svs/,
      ),
    });
    expect(result.warnings).toEqual([expect.stringMatching(/measurements of 1 object are not carried/)]);

    // What the server stored is ImageScope XML that converts back to the same shapes, classes and colours.
    const stored = await readFile(
      path.join(sandbox.dataDir, 'raw', annotated.uid, `${annotated.uid}_annotations.xml`),
      'utf8',
    );
    expect(validateImageScopeXml(stored).ok).toBe(true);
    const back = imageScopeToGeoJson(stored);
    if (!back.ok) throw new Error(back.message);
    const features = (
      JSON.parse(back.text) as { features: Array<{ geometry: unknown; properties: Record<string, unknown> }> }
    ).features;
    expect(features.map((feature) => feature.geometry)).toEqual(
      QUPATH_FEATURES.map((feature) => feature.geometry),
    );
    expect(features.map((feature) => feature.properties['classification'])).toEqual([
      { name: 'Tumor', color: [200, 0, 0] },
      { name: 'Stroma', color: [0, 150, 255] },
    ]);
    const logs = await api.listLogs(annotated.uid);
    expect(logs.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(/^Annotation case-12\.xml uploaded: 3 regions in 2 layers/),
    );
  });

  it('refuses GeoJSON it cannot read before anything is sent, naming the file and the object', async () => {
    const bad = JSON.stringify({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
          ],
        ],
      },
    });
    const outcome = await app.dispatch('annotations.import', {
      imageUniqueId: refused.uid,
      fileName: 'broken.json',
      xml: bad,
    });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/^broken\.json: Object 1 \(Polygon\): it has 2 positions, it needs 3/),
      },
    });
    const uploads = (await api.listLogs(refused.uid)).filter((entry) =>
      /^Annotation .* uploaded/.test(entry.message),
    );
    expect(uploads).toEqual([]);
  });

  it('exports the prediction as QuPath GeoJSON with one feature per region, classes named after the layers', async () => {
    await app.send('predictions.start', { imageUniqueId: predicted.uid });
    await app.waitForEvent('notification', (n) => n.title === 'Prediction finished: predicted.svs', 60_000);
    const asXml = await app.send('annotations.exportPrediction', { imageUniqueId: predicted.uid });
    expect(asXml).toMatchObject({ fileName: 'predicted_prediction.xml', geojson: null, warnings: [] });
    const asGeoJson = await app.send('annotations.exportPrediction', {
      imageUniqueId: predicted.uid,
      format: 'geojson',
    });
    expect(asGeoJson.fileName).toBe('predicted_prediction.geojson');
    const summary = validateImageScopeXml(asGeoJson.xml);
    if (!summary.ok) throw new Error(summary.message);
    const collection = JSON.parse(asGeoJson.geojson ?? '') as {
      type: string;
      features: Array<{ properties: { classification?: { name: string } } }>;
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(summary.summary.regions - summary.summary.negativeRegions);
    const classes = new Set(collection.features.map((feature) => feature.properties.classification?.name));
    expect([...classes]).toEqual(summary.summary.layerNames.filter((name) => name !== ''));
  });
});
