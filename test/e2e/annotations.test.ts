import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../src-shared/annotations/imagescope.js';
import { MAX_FRAME_BYTES } from '../../src-shared/app/index.js';
import type { ApiClient } from '../../src-main/api/index.js';
import {
  ASAP_ANNOTATIONS,
  EMPTY_ANNOTATIONS,
  MALFORMED_IMAGESCOPE,
  VALID_IMAGESCOPE,
} from '../helpers/imagescope-samples.js';
import { fixturePath, hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openImage, panelSection, refreshUntil, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

/** A slide uploaded through the UI, its details panel open; `api` reaches the sandbox straight. */
interface UploadedImage {
  page: Page;
  panel: Locator;
  uid: string;
  api: ApiClient;
}

/** Log lines the sandbox writes when an annotation file reaches it. */
const uploadedAnnotations = async (api: ApiClient, uid: string) =>
  (await api.listLogs(uid)).filter((entry) => entry.type === 'Annotation' && /uploaded/i.test(entry.message));

async function pick(section: Locator, name: string, text: string): Promise<void> {
  await section.getByLabel('Annotation file').setInputFiles({
    name,
    mimeType: 'application/xml',
    buffer: Buffer.from(text),
  });
}

/** Picks a file the app must refuse: a clear message (an alert naming the file), and nothing sent. */
async function expectRefused(image: UploadedImage, section: Locator, name: string, text: string) {
  await pick(section, name, text);
  const alert = section.getByRole('alert');
  await alert.filter({ hasText: name }).waitFor();
  const message = await alert.innerText();
  const expected = validateImageScopeXml(text);
  expect(expected.ok).toBe(false);
  if (!expected.ok) expect(message).toContain(expected.message);
  expect(await uploadedAnnotations(image.api, image.uid)).toEqual([]);
  return message;
}

async function uploadedImage(name: string): Promise<UploadedImage> {
  const app = await e2e.start();
  const { page } = app;
  const slide = await writeSlide(app.workDir, name, 16 * 1024);
  await uploadAndWait(page, [slide.file]);
  const panel = await openImage(page, name);
  const [image] = await app.api.listImagesOfUser(19);
  return { page, panel, uid: image!.image_unique_id, api: app.api };
}

describe('Annotations', () => {
  it('refuses malformed, ASAP and empty files with a clear error and imports a valid one', async () => {
    const image = await uploadedImage('annotated-slide.svs');
    const { page, panel, uid } = image;
    const section = panelSection(panel, 'Annotations');

    const malformed = await expectRefused(image, section, 'broken.xml', MALFORMED_IMAGESCOPE);
    expect(malformed).toMatch(/line \d+/);
    await screenshot(page, 'images-annotation-refused');
    await expectRefused(image, section, 'asap.xml', ASAP_ANNOTATIONS);
    await expectRefused(image, section, 'empty.xml', EMPTY_ANNOTATIONS);

    await pick(section, 'tumour.xml', VALID_IMAGESCOPE);
    await section
      .getByRole('status')
      .filter({ hasText: 'Imported tumour.xml: 1 region in 1 layer.' })
      .waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await uploadedAnnotations(image.api, uid)).toHaveLength(1);
    await screenshot(page, 'images-annotation-imported');

    // A file larger than a WebSocket frame may be (a detailed outline) goes by POST, with the page's cookie.
    const vertices = Array.from(
      { length: 160_000 },
      (_, i) => `<Vertex X="${i}" Y="${i % 977}" Z="0"/>`,
    ).join('\n');
    const detailed = VALID_IMAGESCOPE.replace(
      /<Vertices>[\s\S]*<\/Vertices>/,
      `<Vertices>${vertices}</Vertices>`,
    );
    expect(detailed.length).toBeGreaterThan(MAX_FRAME_BYTES);
    await pick(section, 'detailed.xml', detailed);
    await section
      .getByRole('status')
      .filter({ hasText: 'Imported detailed.xml: 1 region in 1 layer.' })
      .waitFor({ timeout: 60_000 });
    expect(await uploadedAnnotations(image.api, uid)).toHaveLength(2);
  });

  it.skipIf(!hasSharedFixtures)('handles the shared annotation fixtures the same way', async () => {
    const image = await uploadedImage('fixture-annotated.svs');
    const section = panelSection(image.panel, 'Annotations');
    for (const name of ['malformed-unclosed.xml', 'not-imagescope-asap.xml', 'empty.xml']) {
      const text = await readFile(fixturePath('annotations', name), 'utf8');
      await expectRefused(image, section, name, text);
    }
    const valid = await readFile(fixturePath('annotations', 'imagescope-two-classes.xml'), 'utf8');
    await pick(section, 'imagescope-two-classes.xml', valid);
    await section
      .getByRole('status')
      .filter({ hasText: /^Imported imagescope-two-classes\.xml: / })
      .waitFor();
    expect(await uploadedAnnotations(image.api, image.uid)).toHaveLength(1);
  });

  it('exports the prediction as valid ImageScope XML', async () => {
    const { page, panel } = await uploadedImage('exported-slide.svs');
    const prediction = panelSection(panel, 'Prediction');
    const start = prediction.getByRole('button', { name: 'Start prediction' });
    await refreshUntil(page, () => start.isEnabled());
    await start.click();
    const state = prediction.getByRole('status', { name: 'Prediction state' });
    await refreshUntil(page, async () => (await state.innerText()) === 'Predicted');

    const section = panelSection(panel, 'Annotations');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Export prediction' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('exported-slide_prediction.xml');
    const file = await download.path();
    const xml = await readFile(file, 'utf8');
    const validation = validateImageScopeXml(xml);
    expect(validation.ok).toBe(true);
    await section
      .getByRole('status')
      .filter({ hasText: `Saved ${download.suggestedFilename()}` })
      .waitFor();
  });
});
