import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../src-shared/annotations/imagescope.js';
import type { ApiClient } from '../../src-main/api/index.js';
import { fixturePath, hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { writeSlide } from '../helpers/slides.js';
import { startApp, type E2eApp } from './helpers/app-fixture.js';
import { launchChromium } from './helpers/browser.js';
import { screenshot } from './helpers/screenshot.js';
import { openImage, panelSection, refreshUntil, uploadAndWait } from './helpers/ui.js';

const VALID_IMAGESCOPE = `<?xml version="1.0" encoding="UTF-8"?>
<Annotations MicronsPerPixel="0.252000">
  <Annotation Id="1" Name="Tumor" ReadOnly="0" Type="4" LineColor="255" Visible="1">
    <Attributes><Attribute Name="Description" Id="0" Value="inline test"/></Attributes>
    <Regions>
      <Region Id="1" Type="0" Text="focus" NegativeROA="0">
        <Attributes/>
        <Vertices>
          <Vertex X="100" Y="100" Z="0"/><Vertex X="300" Y="100" Z="0"/>
          <Vertex X="300" Y="250" Z="0"/><Vertex X="100" Y="250" Z="0"/>
        </Vertices>
      </Region>
    </Regions>
    <Plots/>
  </Annotation>
</Annotations>
`;
const MALFORMED = VALID_IMAGESCOPE.replace('</Regions>', '');
const ASAP = `<?xml version="1.0"?>
<ASAP_Annotations><Annotations>
  <Annotation Name="A" Type="Polygon" PartOfGroup="Tumor" Color="#F4FA58">
    <Coordinates><Coordinate Order="0" X="1" Y="2"/><Coordinate Order="1" X="3" Y="2"/><Coordinate Order="2" X="3" Y="4"/></Coordinates>
  </Annotation>
</Annotations><AnnotationGroups/></ASAP_Annotations>
`;

let browser: Browser;
let app: E2eApp | undefined;
beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await browser?.close();
});

/** Log lines the sandbox writes when an annotation file reaches it. */
const uploadedAnnotations = async (api: ApiClient, uid: string) =>
  (await api.listLogs(uid)).filter((entry) => entry.type === 'Annotation' && /uploaded/i.test(entry.message));

async function pick(section: Locator, name: string, text: string): Promise<void> {
  await section.getByLabel('ImageScope annotation file').setInputFiles({
    name,
    mimeType: 'application/xml',
    buffer: Buffer.from(text),
  });
}

/** Picks a file the app must refuse: a clear message (an alert naming the file), and nothing sent. */
async function expectRefused(page: Page, section: Locator, name: string, text: string, uid: string) {
  await pick(section, name, text);
  const alert = section.getByRole('alert');
  await alert.filter({ hasText: name }).waitFor();
  const message = await alert.innerText();
  const expected = validateImageScopeXml(text);
  expect(expected.ok).toBe(false);
  if (!expected.ok) expect(message).toContain(expected.message);
  expect(await uploadedAnnotations(app!.api, uid)).toEqual([]);
  return message;
}

async function uploadedImage(name: string): Promise<{ page: Page; panel: Locator; uid: string }> {
  app = await startApp(browser);
  const { page } = app;
  const slide = await writeSlide(app.workDir, name, 16 * 1024);
  await uploadAndWait(page, [slide.file]);
  const panel = await openImage(page, name);
  const [image] = await app.api.listImagesOfUser(19);
  return { page, panel, uid: image!.image_unique_id };
}

describe('Annotations', () => {
  it('refuses malformed, ASAP and empty files with a clear error and imports a valid one', async () => {
    const { page, panel, uid } = await uploadedImage('annotated-slide.svs');
    const section = panelSection(panel, 'Annotations');

    const malformed = await expectRefused(page, section, 'broken.xml', MALFORMED, uid);
    expect(malformed).toMatch(/line \d+/);
    await screenshot(page, 'images-annotation-refused');
    await expectRefused(page, section, 'asap.xml', ASAP, uid);
    await expectRefused(page, section, 'empty.xml', '', uid);

    await pick(section, 'tumour.xml', VALID_IMAGESCOPE);
    await section
      .getByRole('status')
      .filter({ hasText: 'Imported tumour.xml: 1 region in 1 layer.' })
      .waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await uploadedAnnotations(app!.api, uid)).toHaveLength(1);
    await screenshot(page, 'images-annotation-imported');
  });

  it.skipIf(!hasSharedFixtures)('handles the shared annotation fixtures the same way', async () => {
    const { page, panel, uid } = await uploadedImage('fixture-annotated.svs');
    const section = panelSection(panel, 'Annotations');
    for (const name of ['malformed-unclosed.xml', 'not-imagescope-asap.xml', 'empty.xml']) {
      const text = await readFile(fixturePath('annotations', name), 'utf8');
      await expectRefused(page, section, name, text, uid);
    }
    const valid = await readFile(fixturePath('annotations', 'imagescope-two-classes.xml'), 'utf8');
    await pick(section, 'imagescope-two-classes.xml', valid);
    await section
      .getByRole('status')
      .filter({ hasText: /^Imported imagescope-two-classes\.xml: / })
      .waitFor();
    expect(await uploadedAnnotations(app!.api, uid)).toHaveLength(1);
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
      section.getByRole('button', { name: 'Export prediction XML' }).click(),
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
