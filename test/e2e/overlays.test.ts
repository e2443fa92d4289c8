import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildImageScopeXml } from '../../src-shared/annotations/imagescope.js';
import { writeSlideWithPictures } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openImage, panelSection, refreshUntil, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

async function lightAndDark(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The box of a layer's filled regions, in thumbnail pixels (the SVG's own units). */
const areaBox = (overlay: Locator, layer: string) =>
  overlay.locator(`g[data-layer="${layer}"] .region-overlay__areas`).evaluate((path) => {
    const box = (
      path as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }
    ).getBBox();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  });

const legendLayer = (section: Locator, name: string) =>
  section.getByTestId('overlay-legend-layer').filter({ hasText: name });

describe('Regions over the thumbnail', () => {
  it("draws a completed prediction's regions and an imported file's over the slide's thumbnail, with a legend", async () => {
    const app = await e2e.start();
    const { page } = app;
    // Level 0 is 2048 × 2048; its 512 × 512 thumbnail is shown at 320 × 320, so 1 picture pixel = 6.4 slide pixels.
    const slide = await writeSlideWithPictures(app.workDir, 'OVERLAY-0001.svs', {
      thumbnail: { width: 512, height: 512 },
      label: { width: 300, height: 300 },
    });
    await uploadAndWait(page, [slide]);
    const panel = await openImage(page, 'OVERLAY-0001.svs');
    const section = panelSection(panel, 'Regions on the slide');
    await section
      .getByText('No regions to draw: this image has no completed prediction', { exact: false })
      .waitFor();

    const prediction = panelSection(panel, 'Prediction');
    const start = prediction.getByRole('button', { name: 'Start prediction' });
    await refreshUntil(page, () => start.isEnabled());
    await start.click();
    const state = prediction.getByRole('status', { name: 'Prediction state' });
    await refreshUntil(page, async () => (await state.innerText()) === 'Predicted', 30_000);

    // The sandbox's prediction: a red "Tumour" ring (centre 1200, 900; radius 420) with a hole, and a green
    // "Benign" rectangle.
    const overlay = section.getByTestId('region-overlay');
    await overlay.waitFor();
    expect(await overlay.getAttribute('viewBox')).toBe('0 0 320 320');
    const tumour = await areaBox(overlay, 'Tumour');
    expect(tumour.x).toBeCloseTo((1200 - 420) / 6.4, 0);
    expect(tumour.y).toBeCloseTo((900 - 420) / 6.4, 0);
    expect(tumour.width).toBeCloseTo(840 / 6.4, 0);
    expect(await overlay.locator('g[data-layer="Tumour"] .region-overlay__holes').count()).toBe(1);
    expect(await overlay.locator('g[data-layer="Tumour"]').getAttribute('style')).toContain('rgb(255, 0, 0)');
    const legend = section.getByTestId('overlay-legend');
    expect(await legend.getByRole('group', { name: 'Prediction regions' }).isVisible()).toBe(true);
    expect(await legendLayer(section, 'Tumour').innerText()).toMatch(/Tumour\s+2 regions/);
    expect(await legendLayer(section, 'Benign').innerText()).toMatch(/Benign\s+1 region, outside the slide/);
    await section.scrollIntoViewIfNeeded();
    await lightAndDark(page, 'overlays-prediction');

    // A layer hides and shows again from the keyboard.
    const tumourBox = legendLayer(section, 'Tumour').getByRole('checkbox');
    await tumourBox.focus();
    await page.keyboard.press('Space');
    expect(await tumourBox.isChecked()).toBe(false);
    expect(await overlay.locator('g[data-layer="Tumour"]').count()).toBe(0);
    expect(await overlay.locator('g[data-layer="Benign"]').count()).toBe(1);
    await page.keyboard.press('Space');
    await overlay.locator('g[data-layer="Tumour"]').waitFor();

    // An imported file's regions join them, in their own group, dashed.
    const xml = buildImageScopeXml({
      layers: [
        {
          name: 'Stroma',
          lineColor: 0xff0000,
          regions: [
            {
              type: 'rectangle',
              vertices: [
                { x: 200, y: 1500 },
                { x: 1800, y: 1900 },
              ],
            },
          ],
        },
      ],
    });
    await panelSection(panel, 'Annotations')
      .getByLabel('Annotation file')
      .setInputFiles({ name: 'stroma.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await legend.getByRole('group', { name: 'Imported regions' }).waitFor();
    expect(await legendLayer(section, 'Stroma').innerText()).toMatch(/Stroma\s+1 region/);
    const stroma = await areaBox(overlay, 'Stroma');
    expect(stroma.x).toBeCloseTo(200 / 6.4, 0);
    expect(stroma.y).toBeCloseTo(1500 / 6.4, 0);
    expect(stroma.width).toBeCloseTo(1600 / 6.4, 0);
    expect(stroma.height).toBeCloseTo(400 / 6.4, 0);
    await section.scrollIntoViewIfNeeded();
    await lightAndDark(page, 'overlays-prediction-and-imported');
  });
});
