import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { addWatchFolder, goTo, queueRow, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Watch folders', () => {
  it('watches a folder and uploads a slide written into it', async () => {
    const app = await e2e.start();
    const { page } = app;
    const folder = path.join(app.workDir, 'scanner-out');
    await mkdir(folder);

    await goTo(page, 'Watch folders');
    await page.getByText('No watch folders', { exact: true }).waitFor();
    await addWatchFolder(page, folder);

    const card = page.getByTestId('watch-folder').filter({ hasText: folder });
    const badge = card.locator('.badge').first();
    await expect.poll(() => badge.innerText(), { timeout: 15_000 }).toBe('Watching');
    expect(await card.getByRole('switch', { name: /^Enable watching / }).isChecked()).toBe(true);

    await writeSlide(folder, 'scanned-0001.svs', 32 * 1024);
    const uploaded = card.locator('.watch-card__count').filter({ hasText: 'Uploaded' }).locator('dd');
    await expect.poll(() => uploaded.innerText(), { timeout: 30_000, interval: 100 }).toBe('1');
    await card
      .locator('[data-testid="watch-history-entry"][data-outcome="uploaded"]')
      .filter({ hasText: 'scanned-0001.svs' })
      .waitFor();
    expect(await badge.innerText()).toBe('Watching');
    await screenshot(page, 'watch-folders');

    await goTo(page, 'Uploads');
    await queueRow(page, 'scanned-0001.svs').waitFor();
    await waitForRowState(page, 'scanned-0001.svs', /^Done$/);
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename)).toEqual(['scanned-0001.svs']);
  });
});
