import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeSlide, writeSlideWithPictures } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import {
  addWatchFolder,
  goTo,
  openImage,
  panelSection,
  queueRow,
  uploadByPath,
  waitForRowState,
} from './helpers/ui.js';

const e2e = useE2eApps();

/** The browser decoded the picture (a broken data: URL leaves naturalWidth at 0). */
const decodedWidth = (picture: Locator) =>
  picture.locator('img').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth);

const resultItem = (page: Page, name: string) =>
  page.locator('.add-results__item').filter({ has: page.getByText(name, { exact: true }) });

async function bothSchemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('Slide previews (browser host)', () => {
  it('shows thumbnail and label in the add results, the queue row and the image details', async () => {
    const app = await e2e.start();
    const { page } = app;
    const labelled = await writeSlideWithPictures(app.workDir, 'CASE-0007.svs', {
      thumbnail: { width: 480, height: 360 },
      label: { width: 400, height: 400 },
      macro: { width: 900, height: 300 },
    });
    const plain = (await writeSlide(app.workDir, 'PLAIN-0001.svs')).file;
    await uploadByPath(page, [labelled, plain]);

    // Add results: the labelled slide's own thumbnail and label; the other one's smallest level, and no label.
    const withLabel = resultItem(page, 'CASE-0007.svs');
    const thumbnail = withLabel.getByTestId('slide-thumbnail');
    const label = withLabel.getByTestId('slide-label');
    await label.waitFor();
    expect(await thumbnail.getAttribute('data-source')).toBe('associated');
    expect(await decodedWidth(thumbnail)).toBe(320);
    expect(await decodedWidth(label)).toBe(320);
    expect(await label.locator('img').getAttribute('alt')).toBe('Label of CASE-0007.svs');
    const withoutLabel = resultItem(page, 'PLAIN-0001.svs');
    await withoutLabel.getByTestId('slide-label-missing').waitFor();
    expect(await withoutLabel.getByTestId('slide-label-missing').getAttribute('title')).toBe(
      'PLAIN-0001.svs has no label image',
    );
    expect(await withoutLabel.getByTestId('slide-thumbnail').getAttribute('data-source')).toBe(
      'smallest-level',
    );
    await bothSchemes(page, 'previews-add-results');

    // Queue row: a small thumbnail; pointing at it shows thumbnail, label and macro.
    await waitForRowState(page, 'CASE-0007.svs', /^Done$/);
    await page.getByRole('button', { name: 'Close the results' }).click();
    const row = queueRow(page, 'CASE-0007.svs');
    await row.getByTestId('slide-thumbnail').waitFor();
    await row.getByTestId('slide-peek').hover();
    const card = page.getByTestId('slide-peek-card');
    await card.getByTestId('slide-label').waitFor();
    await card.getByTestId('slide-macro').waitFor();
    expect(await decodedWidth(card.getByTestId('slide-label'))).toBe(320);
    await bothSchemes(page, 'previews-queue-row');

    // Images details of the uploaded image: the pictures of the local file its job points at.
    await page.mouse.move(0, 0);
    const panel = await openImage(page, 'CASE-0007.svs');
    const pictures = panelSection(panel, 'Slide pictures (from this computer)');
    await pictures.getByTestId('slide-label').waitFor();
    await bothSchemes(page, 'previews-image-details');
  });

  it("shows a watched slide's thumbnail in the folder's history, and its label on pointing", async () => {
    const app = await e2e.start();
    const { page } = app;
    const folder = path.join(app.workDir, 'scanner-out');
    await mkdir(folder);
    await goTo(page, 'Watch folders');
    await addWatchFolder(page, folder);
    await writeSlideWithPictures(folder, 'SCAN-0042.svs', {
      thumbnail: { width: 400, height: 300 },
      label: { width: 300, height: 300 },
    });
    const card = page.getByTestId('watch-folder').filter({ hasText: folder });
    const entry = card
      .locator('[data-testid="watch-history-entry"][data-outcome="uploaded"]')
      .filter({ hasText: 'SCAN-0042.svs' });
    await entry.getByTestId('slide-thumbnail').waitFor({ timeout: 30_000 });
    await entry.getByTestId('slide-peek').hover();
    await page.getByTestId('slide-peek-card').getByTestId('slide-label').waitFor();
    await bothSchemes(page, 'previews-watch-history');
  });
});
