import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import type { E2eApp } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import {
  addWatchFolder,
  goTo,
  imageRow,
  queueRow,
  uploadAndWait,
  uploadByPath,
  waitForRowState,
} from './helpers/ui.js';

const e2e = useE2eApps();

/** Puts every main screen into a state worth looking at: a mixed queue, a watch folder, uploaded images. */
async function stage(page: Page, app: E2eApp): Promise<void> {
  const done = await Promise.all(
    ['case-2041-a.svs', 'case-2041-b.svs', 'case-2042-a.svs'].map((name) =>
      writeSlide(app.workDir, name, 16 * 1024),
    ),
  );
  await uploadAndWait(
    page,
    done.map((slide) => slide.file),
  );
  // A slow one left paused part-way, and a refused one, so the queue shows more than "Done".
  await page.getByRole('button', { name: 'Close the results' }).click();
  await goTo(page, 'Settings');
  await page.getByLabel(/^Bandwidth limit/).fill('0.5');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved').first().waitFor();
  const slow = await writeSlide(app.workDir, 'case-2043-large.svs', 136 * 1024);
  await uploadByPath(page, [slow.file]);
  await waitForRowState(page, 'case-2043-large.svs', /^Uploading \d+%$/);
  await queueRow(page, 'case-2043-large.svs')
    .getByRole('button', { name: /^Pause/ })
    .click();
  await waitForRowState(page, 'case-2043-large.svs', /^Paused$/);

  const folder = path.join(app.workDir, 'scanner-out');
  await mkdir(folder);
  await goTo(page, 'Watch folders');
  await addWatchFolder(page, folder);
  const badge = page.getByTestId('watch-folder').locator('.badge').first();
  await expect.poll(() => badge.innerText()).toBe('Watching');
}

describe('Screens in light and dark', () => {
  it('renders every main screen in both color schemes', async () => {
    const app = await e2e.start();
    const { page } = app;
    await stage(page, app);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await goTo(page, 'Uploads');
      await queueRow(page, 'case-2043-large.svs').scrollIntoViewIfNeeded();
      await screenshot(page, `screen-uploads-${scheme}`);
      await goTo(page, 'Watch folders');
      await screenshot(page, `screen-watch-folders-${scheme}`);
      await goTo(page, 'Images');
      await imageRow(page, 'case-2041-b.svs').click();
      await page.getByRole('complementary', { name: 'case-2041-b.svs' }).waitFor();
      await screenshot(page, `screen-images-${scheme}`);
      await goTo(page, 'Settings');
      await screenshot(page, `screen-settings-${scheme}`);
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(String(background)).toMatch(/^rgb/);
    }
  });
});
