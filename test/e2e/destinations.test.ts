import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src-main/api/index.js';
import { writeSlide } from '../helpers/slides.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { E2E_USER, type E2eApp } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { goTo, queueRow, queueRowState, uploadAndWait, uploadByPath, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

/** The second server ("B") of a test; the app's own sandbox ("A") is closed with the app. */
let second: TestSandbox | undefined;
afterEach(async () => {
  await second?.dispose();
  second = undefined;
});

/** "127.0.0.1:41234": how the queue names a server in badges and buttons (no scheme). */
const shortName = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/+$/, '');

const fileNames = async (api: ApiClient) =>
  (await api.listImagesOfUser(E2E_USER)).map((image) => image.filename).sort();

/** Points the app at another server in Settings (and lifts the bandwidth limit), then back to Uploads. */
async function switchServer(page: Page, url: string): Promise<void> {
  await goTo(page, 'Settings');
  await page.getByLabel(/^Server address/).fill(url);
  await page.getByLabel(/^Bandwidth limit/).fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved').first().waitFor();
  await goTo(page, 'Uploads');
}

/** Closes the last "Add slides" results, so the next add's results are the ones on screen. */
async function closeResults(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: 'Close the results' });
  if (await close.isVisible()) await close.click();
}

/** Light and dark pictures of what is on screen now. */
async function lightAndDark(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Three slides queued for A, the first one sending (slowly: a bandwidth limit and one file at a time), then the
 * app switched to B: all three are A's unfinished jobs now.
 */
async function queueForAThenSwitch(app: E2eApp, b: TestSandbox): Promise<string[]> {
  const { page } = app;
  const slides = await Promise.all(
    ['held-1.svs', 'held-2.svs', 'held-3.svs'].map((name) => writeSlide(app.workDir, name, 128 * 1024)),
  );
  await uploadByPath(
    page,
    slides.map((slide) => slide.file),
  );
  await waitForRowState(page, 'held-1.svs', /^Uploading \d+%$/);
  await closeResults(page);
  await switchServer(page, b.api);
  return slides.map((slide) => slide.file);
}

describe('Destinations: jobs of another server', () => {
  it('holds them, sends nothing to the new server until asked, then sends them there', async () => {
    const app = await e2e.start({
      settings: { limitRate: 256 * 1024, fileConcurrency: 1, partConcurrency: 1 },
    });
    const { page } = app;
    second = await startTestSandbox();
    const b = second;
    const bApi = createApiClient({ baseUrl: b.listening });
    const [a, current] = [shortName(app.serverUrl), shortName(b.api)];
    await queueForAThenSwitch(app, b);
    const onA = await fileNames(app.api);

    // Every row is held for A, whatever it was doing there; nothing counts as uploading.
    for (const name of ['held-1.svs', 'held-2.svs', 'held-3.svs'])
      await waitForRowState(page, name, new RegExp(`^Held — for ${a.replace(/\./g, '\\.')}$`));
    const held = page.getByRole('region', { name: 'Held for another server' });
    expect(await held.innerText()).toContain(`3 slides are held for ${a}.`);
    expect(await held.innerText()).toContain(
      `The app now uploads to ${current}; nothing is sent until you choose.`,
    );
    await page.getByTestId('status-held').getByText('3 held for another server').waitFor();
    const statusBar = page.locator('footer.status-bar');
    expect(await statusBar.innerText()).not.toMatch(/uploading/);
    const counts = page.locator('.queue-toolbar__counts');
    expect(await counts.innerText()).toBe('3 files · 3 held for another server');
    // Only "send here" and "cancel" make sense for a held job: no pause, resume or retry.
    const row1 = queueRow(page, 'held-1.svs');
    expect(await row1.getByRole('button', { name: /^(Pause|Resume|Retry) / }).count()).toBe(0);

    // The badge explains itself on keyboard focus (and hover), naming both servers.
    await row1.getByTestId('held-badge').focus();
    // The open tooltip (every held badge's description is in the page, visually hidden, for screen readers).
    const tooltip = page.locator('.tooltip[role="tooltip"]');
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toBe(
      `This slide was queued for ${app.serverUrl}. The app now uploads to ${current}. Nothing is sent until you choose.`,
    );
    await lightAndDark(page, 'destinations-held-rows');
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden' });

    // A new slide goes to B and finishes there: the held ones had every chance to be sent, and were not.
    const fresh = await writeSlide(app.workDir, 'fresh-for-b.svs', 16 * 1024);
    await uploadAndWait(page, [fresh.file]);
    expect(await fileNames(bApi)).toEqual(['fresh-for-b.svs']);
    for (const name of ['held-1.svs', 'held-2.svs', 'held-3.svs'])
      expect(await queueRowState(page, name)).toMatch(/^Held — for /);
    await closeResults(page);

    // One of them, sent to B by its own button: it starts over there and finishes.
    await row1.getByRole('button', { name: `Send to ${current} instead: held-1.svs` }).click();
    await waitForRowState(page, 'held-1.svs', /^Done$/, 60_000);
    expect(await fileNames(bApi)).toEqual(['fresh-for-b.svs', 'held-1.svs']);
    expect(await held.innerText()).toContain(`2 slides are held for ${a}.`);

    // The other two at once, after a confirmation naming both servers.
    await held.getByRole('button', { name: `Send all 2 held jobs to ${current} instead` }).click();
    const dialog = page.getByRole('dialog', { name: `Send 2 held jobs to ${current}?` });
    await dialog.waitFor();
    const question = await dialog.innerText();
    expect(question).toContain(`These slides were queued for ${app.serverUrl}.`);
    expect(question).toContain(`Their images and patient details will go to ${b.api} instead`);
    await lightAndDark(page, 'destinations-send-all-confirm');
    await dialog.getByRole('button', { name: `Send to ${current}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForRowState(page, 'held-2.svs', /^Done$/, 60_000);
    await waitForRowState(page, 'held-3.svs', /^Done$/, 60_000);
    await held.waitFor({ state: 'detached' });
    expect(await page.getByTestId('status-held').count()).toBe(0);

    // B holds each slide exactly once; A got nothing new after the switch.
    expect(await fileNames(bApi)).toEqual(['fresh-for-b.svs', 'held-1.svs', 'held-2.svs', 'held-3.svs']);
    expect(await fileNames(app.api)).toEqual(onA);
    await lightAndDark(page, 'destinations-sent-here');
  });

  it('forgets a finished upload, so the same file is uploaded again as a new image', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'forget-me.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file]);

    // Remembered: adding it again skips it.
    await closeResults(page);
    await uploadByPath(page, [slide.file]);
    const results = page.getByRole('region', { name: /skipped/ });
    await results.getByText('Already uploaded', { exact: true }).waitFor();
    await closeResults(page);

    await queueRow(page, 'forget-me.svs')
      .getByRole('button', { name: 'Forget the upload of forget-me.svs…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Forget forget-me.svs?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'The image stays on the server. If you add this file again, it will be uploaded again as a new image.',
    );
    await lightAndDark(page, 'destinations-forget-confirm');
    await dialog.getByRole('button', { name: 'Forget upload' }).click();
    await dialog.waitFor({ state: 'detached' });
    await queueRow(page, 'forget-me.svs').waitFor({ state: 'detached' });
    expect(await fileNames(app.api)).toEqual(['forget-me.svs']);

    await uploadAndWait(page, [slide.file]);
    expect(await fileNames(app.api)).toEqual(['forget-me.svs', 'forget-me.svs']);

    // "Clear finished" says what it does, and does only that: the slide is still "Already uploaded".
    await closeResults(page);
    const clear = page.getByRole('button', { name: 'Clear finished' });
    await clear.hover();
    const hint = page.locator('.tooltip[role="tooltip"]');
    await hint.waitFor();
    expect(await hint.innerText()).toContain('adding the same slide again says "Already uploaded"');
    await screenshot(page, 'destinations-clear-finished-hint-light');
    await clear.click();
    await page.getByText('Cleared 1 finished upload').first().waitFor();
    await queueRow(page, 'forget-me.svs').waitFor({ state: 'detached' });
    await uploadByPath(page, [slide.file]);
    await page
      .getByRole('region', { name: /skipped/ })
      .getByText('Already uploaded', { exact: true })
      .waitFor();
    expect(await fileNames(app.api)).toEqual(['forget-me.svs', 'forget-me.svs']);
  });
});
