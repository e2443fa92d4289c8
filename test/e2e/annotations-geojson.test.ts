import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readImageScopeXml } from '../../src-shared/annotations/imagescope-read.js';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openImage, panelSection, refreshUntil, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

/** What QuPath exports: two classes, a polygon with a hole, a cell with measurements. */
const QUPATH_EXPORT = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: '6f1c2b8e-3a5d-4c7e-9f10-2b3c4d5e6f70',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [1000.5, 800.25],
            [1600, 800.25],
            [1600, 1200.75],
            [1000.5, 1200.75],
            [1000.5, 800.25],
          ],
          [
            [1200, 900],
            [1300, 900],
            [1300, 1000],
            [1200, 900],
          ],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'Focus 1',
        classification: { name: 'Tumor', color: [220, 40, 40] },
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [100, 100],
            [300, 120],
            [200, 260.5],
            [100, 100],
          ],
        ],
      },
      properties: {
        objectType: 'detection',
        classification: { name: 'Stroma', color: [40, 120, 220] },
        measurements: { 'Area µm^2': 812.4 },
      },
    },
  ],
});

async function pick(section: Locator, name: string, text: string): Promise<void> {
  await section.getByLabel('Annotation file').setInputFiles({
    name,
    mimeType: 'application/geo+json',
    buffer: Buffer.from(text),
  });
}

/** Light and dark pictures of what is on screen now. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('Annotations: QuPath GeoJSON', () => {
  it('imports a .geojson file as ImageScope XML, lists what was not carried, and exports the prediction as GeoJSON', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'qupath-slide.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file]);
    const panel = await openImage(page, 'qupath-slide.svs');
    const [image] = await app.api.listImagesOfUser(19);
    const uid = image!.image_unique_id;
    const section = panelSection(panel, 'Annotations');

    // A file that is not GeoJSON QuPath writes: refused here, with the object named, nothing sent.
    await pick(
      section,
      'broken.geojson',
      '{"type":"Feature","geometry":{"type":"Point","coordinates":["a",1]}}',
    );
    await section
      .getByRole('alert')
      .filter({ hasText: /^broken\.geojson: Object 1 \(Point\)/ })
      .waitFor();

    await pick(section, 'case-12.geojson', QUPATH_EXPORT);
    await section
      .getByRole('status')
      .filter({
        hasText:
          'Imported case-12.geojson: 3 regions in 2 layers, converted from QuPath GeoJSON to case-12.xml.',
      })
      .waitFor();
    const notes = section.getByRole('note', { name: 'Not carried over from QuPath GeoJSON' });
    const noteText = await notes.innerText();
    expect(noteText).toMatch(/1 detection object became ImageScope regions/);
    expect(noteText).toMatch(/measurements of 1 object are not carried/);
    expect(noteText).toMatch(/ids of 1 object are not kept/);
    const logs = await app.api.listLogs(uid);
    expect(logs.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(/^Annotation case-12\.xml uploaded: 3 regions in 2 layers/),
    );
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'images-annotation-geojson-imported');

    const prediction = panelSection(panel, 'Prediction');
    const start = prediction.getByRole('button', { name: 'Start prediction' });
    await refreshUntil(page, () => start.isEnabled());
    await start.click();
    const state = prediction.getByRole('status', { name: 'Prediction state' });
    await refreshUntil(page, async () => (await state.innerText()) === 'Predicted');

    await section.getByLabel('Prediction export format').selectOption('geojson');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Export prediction' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('qupath-slide_prediction.geojson');
    const collection = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      type: string;
      features: Array<{
        geometry: { type: string };
        properties: { objectType: string; classification?: { name: string; color: number[] } };
      }>;
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBeGreaterThan(0);
    expect(collection.features.every((feature) => feature.properties.objectType === 'annotation')).toBe(true);
    expect(
      collection.features.every((feature) => feature.properties.classification?.color.length === 3),
    ).toBe(true);
    await section.getByRole('status').filter({ hasText: 'Saved qupath-slide_prediction.geojson' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'images-annotation-geojson-exported');

    // The same prediction as ImageScope XML has as many regions as there are outlines and holes.
    await section.getByLabel('Prediction export format').selectOption('imagescope');
    const [xmlDownload] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Export prediction' }).click(),
    ]);
    expect(xmlDownload.suggestedFilename()).toBe('qupath-slide_prediction.xml');
    const xml = readImageScopeXml(await readFile(await xmlDownload.path(), 'utf8'));
    if (!xml.ok) throw new Error(xml.message);
    const outlines = xml.document.layers.flatMap((layer) =>
      layer.regions.filter((region) => !region.negative),
    );
    expect(collection.features).toHaveLength(outlines.length);
  });
});
