import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slideBytes, writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { goTo } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Watch folder history', () => {
  it('shows each file’s steps with the skip reason, searchable, and a wrong folder on the field', async () => {
    const app = await e2e.start();
    const { page } = app;
    const folder = path.join(app.workDir, 'scanner-history');
    await mkdir(folder);
    await goTo(page, 'Watch folders');

    // A folder that does not exist is refused on the field itself, and the dialog stays open to fix it.
    await page.getByRole('button', { name: 'Add watch folder' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a watch folder' });
    const missing = path.join(app.workDir, 'no-such-scanner');
    await dialog.getByLabel('Folder', { exact: true }).fill(missing);
    await dialog.getByLabel('Wait until unchanged for (seconds)').fill('1');
    expect(await dialog.getByLabel('Upload as user').inputValue()).toBe('19');
    await dialog.getByRole('button', { name: 'Add folder' }).click();
    await dialog.getByText(`There is no folder ${missing} on this computer.`).waitFor();
    expect(await dialog.getByLabel('Folder', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'watch-form-missing-folder');
    await dialog.getByLabel('Folder', { exact: true }).fill(folder);
    await dialog.getByRole('button', { name: 'Add folder' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('watch-folder').filter({ hasText: folder });
    await card.getByText('Uploads as user 19').waitFor();
    const entry = (name: string, outcome: string) =>
      card
        .locator(`[data-testid="watch-history-entry"][data-outcome="${outcome}"]`)
        .filter({ hasText: name });

    await writeSlide(folder, 'good-0001.svs', 32 * 1024);
    await entry('good-0001.svs', 'uploaded').waitFor({ timeout: 60_000 });

    const full = slideBytes('cut', 2048);
    await writeFile(path.join(folder, 'cut-0002.svs'), full.subarray(0, full.length - 5000));
    // The newest entries show their reasons without a click.
    const skipped = entry('cut-0002.svs', 'skipped');
    await skipped.waitFor({ timeout: 60_000 });
    expect(await skipped.innerText()).toMatch(/cut short: its image data should run/);
    expect(await skipped.locator('.watch-history__name').getAttribute('title')).toBe(
      path.join(folder, 'cut-0002.svs'),
    );
    await screenshot(page, 'watch-history-recent');

    await card.getByRole('button', { name: 'History', exact: true }).click();
    // The opened history loads its first page: wait for it rather than read the recent entries still shown.
    const outcomesOf = (name: string) =>
      card
        .getByTestId('watch-history-entry')
        .filter({ hasText: name })
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outcome')));
    await expect
      .poll(() => outcomesOf('good-0001.svs'), { timeout: 30_000 })
      .toEqual(['uploaded', 'queued', 'checked', 'found']);
    await screenshot(page, 'watch-history');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'watch-history-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await card.getByRole('searchbox', { name: /^Search the history of / }).fill('cut short');
    await expect
      .poll(
        () =>
          card
            .getByTestId('watch-history-entry')
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outcome'))),
        { timeout: 30_000 },
      )
      .toEqual(['skipped']);
    await screenshot(page, 'watch-history-search');

    await card.getByRole('searchbox', { name: /^Search the history of / }).fill('');
    await card.getByLabel('Filter by outcome').selectOption('uploaded');
    await expect
      .poll(() => card.getByTestId('watch-history-entry').allInnerTexts(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('good-0001.svs')]);
  });
});
