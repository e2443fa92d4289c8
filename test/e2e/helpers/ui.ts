import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export type ScreenName = 'Uploads' | 'Watch folders' | 'Images' | 'Settings';

/** Opens a screen from the left navigation and waits for its heading. */
export async function goTo(page: Page, screen: ScreenName): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
  await page.getByRole('heading', { level: 1, name: screen }).waitFor();
}

/** Opens Uploads with its "Add slides" form unfolded (it folds into a bar while the queue has rows). */
export async function openAddSlidesForm(page: Page): Promise<void> {
  await goTo(page, 'Uploads');
  const unfold = page.getByRole('button', { name: 'Add more slides' });
  if (await unfold.isVisible()) await unfold.click();
}

/** The browser cannot hand us file paths: type them into "Add by path", then press Upload. */
export async function uploadByPath(page: Page, paths: string[]): Promise<void> {
  await openAddSlidesForm(page);
  await page.getByLabel('Add by path').fill(paths.join('\n'));
  await page.getByRole('button', { name: 'Add paths' }).click();
  await page.getByRole('button', { name: /^Upload \d+ items?$/ }).click();
}

/** A file's row in the upload queue. */
export const queueRow = (page: Page, fileName: string): Locator =>
  page.getByTestId('queue-row').filter({ has: page.getByText(fileName, { exact: true }) });

/** The badge word of a queue row ("Waiting", "Uploading 42%", "Done"…), read from its accessible name. */
export async function queueRowState(page: Page, fileName: string): Promise<string> {
  const label = (await queueRow(page, fileName).getAttribute('aria-label', { timeout: 2000 })) ?? '';
  return label.slice(label.indexOf(', ') + 2);
}

/** Waits until the row's state matches, e.g. /^Done$/. */
export async function waitForRowState(
  page: Page,
  fileName: string,
  state: RegExp,
  timeout = 30_000,
): Promise<void> {
  await expect
    .poll(() => queueRowState(page, fileName).catch(() => ''), { timeout, interval: 100 })
    .toMatch(state);
}

/** Uploads slides through the UI and waits until each is Done. */
export async function uploadAndWait(page: Page, files: string[]): Promise<void> {
  await uploadByPath(page, files);
  for (const file of files) await waitForRowState(page, file.split(/[\\/]/).pop()!, /^Done$/);
}

/** An image's row in the Images table. */
export const imageRow = (page: Page, fileName: string): Locator =>
  page.getByTestId('image-row').filter({ has: page.getByText(fileName, { exact: true }) });

/** Opens the Images screen (fresh list) and the details panel of one image; returns the panel. */
export async function openImage(page: Page, fileName: string): Promise<Locator> {
  await goTo(page, 'Images');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await imageRow(page, fileName).click();
  const panel = page.getByRole('complementary', { name: fileName });
  await panel.waitFor();
  return panel;
}

/** A titled section of the details panel ("Sharing", "Prediction", …). */
export const panelSection = (panel: Locator, title: string): Locator =>
  panel.getByRole('region', { name: title, exact: true });

/** Clicks Refresh until `ready` holds (the list otherwise refreshes every few seconds by itself). */
export async function refreshUntil(
  page: Page,
  ready: () => Promise<boolean>,
  timeout = 20_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await ready()) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return ready();
      },
      { timeout, interval: 250 },
    )
    .toBe(true);
}

/** Adds `folder` through the "Add a watch folder" dialog of the open Watch folders screen, settling after 1 s. */
export async function addWatchFolder(page: Page, folder: string): Promise<void> {
  await page.getByRole('button', { name: 'Add watch folder' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a watch folder' });
  await dialog.getByLabel('Folder', { exact: true }).fill(folder);
  await dialog.getByLabel('Wait until unchanged for (seconds)').fill('1');
  await dialog.getByRole('button', { name: 'Add folder' }).click();
  await dialog.waitFor({ state: 'detached' });
}
