import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src-main/sandbox/dialects.js';
import { writeSlide } from '../helpers/slides.js';
import { E2E_USER } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import {
  goTo,
  imageRow,
  openImage,
  panelSection,
  queueRow,
  refreshUntil,
  uploadAndWait,
} from './helpers/ui.js';

const e2e = useE2eApps();

/** A Flask + boto3 server: every dialect such a server speaks, all at once. */
const FLASK_BOTO3: Dialect[] = [
  'put-msg',
  'errors-html',
  'flask-dates',
  'numeric-ids',
  'download-302',
  'raw-on-s3',
  'sigv2',
  'no-multipart',
  'no-loginfo',
];

/** What Flask's jsonify makes of a datetime: "Wed, 17 Aug 2022 06:59:27 GMT". */
const FLASK_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * A refused call as the user reads it: one short sentence in plain words (for a 4xx with the server's own reason),
 * never the HTML page it came in, never a promise of a retry that nobody makes; the request and HTTP status are
 * one click away under "Details", also free of markup.
 */
async function expectShortPlainRefusal(alert: Locator, status: number, serverWords: RegExp): Promise<void> {
  const sentence = (await alert.innerText()).split('\n')[0]!;
  if (status < 500) expect(sentence).toMatch(serverWords);
  expect(sentence).not.toMatch(/HTTP \d{3}/);
  for (const text of [sentence]) {
    expect(text).not.toContain('<');
    expect(text).not.toMatch(/&(lt|gt|#\d+|amp);/);
    expect(text).not.toMatch(/tried again|retrying/i);
    expect(text.length).toBeLessThan(400);
  }
  // The technical detail is one click away, free of markup.
  const details = alert.locator('details.error-details');
  await details.locator('summary').click();
  const detail = await details.locator('.error-details__text').innerText();
  expect(detail).toContain(`HTTP ${status}`);
  expect(detail).not.toMatch(/doctype|<title|<p>/i);
}

/**
 * Pins the window in the background, as when it is minimised: the Images list stops polling the server (it
 * polls only while the window is visible), so what the screen shows stays as it was while the test changes
 * the server behind the UI's back, and nothing refreshes it before the user's click. `false` brings it back,
 * which refreshes the list at once. (Browser code as text: the tests compile without the DOM library.)
 */
async function setWindowHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    hidden
      ? `Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
         Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
         document.dispatchEvent(new Event('visibilitychange'));`
      : // The own properties shadowed Document.prototype's getters; deleting them brings the real ones back.
        `delete document.hidden;
         delete document.visibilityState;
         document.dispatchEvent(new Event('visibilitychange'));`,
  );
}

/**
 * Sends the window to the background, then refreshes the list once and waits for that answer: the screen shows
 * the server as it is now, and nothing refreshes it again until the window comes back. (Loads started before
 * are outrun: the list keeps only the answer of the latest load.)
 */
async function hideWindowWithFreshList(page: Page): Promise<void> {
  await setWindowHidden(page, true);
  const refresh = page.getByRole('button', { name: 'Refresh' });
  await expect.poll(() => refresh.getAttribute('aria-busy')).toBeNull();
  await page.evaluate(`(() => {
    const button = [...document.querySelectorAll('.images-header button')].find(
      (candidate) => candidate.textContent.trim() === 'Refresh',
    );
    if (!button) throw new Error('No Refresh button in the Images header');
    window.__refreshesDone = 0;
    new MutationObserver((records) => {
      window.__refreshesDone += records.filter((record) => record.oldValue === 'true').length;
    }).observe(button, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
  })()`);
  await refresh.click();
  await expect.poll(async () => Number(await page.evaluate('window.__refreshesDone'))).toBe(1);
}

/** Counts the toasts whose text contains `text` as they appear (they go away by themselves after a while). */
async function countToasts(page: Page, text: string): Promise<() => Promise<number>> {
  await page.evaluate(`(() => {
    const text = ${JSON.stringify(text)};
    window.__toastCount = 0;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.matches('.toast') && node.innerText.includes(text))
            window.__toastCount += 1;
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
  return async () => Number(await page.evaluate('window.__toastCount'));
}

/** Dismisses the toasts still showing `text`, at once (none when they already went by themselves). */
const dismissToasts = (page: Page, text: string): Promise<unknown> =>
  page.evaluate(`document.querySelectorAll('.toast').forEach((toast) => {
    if (toast.innerText.includes(${JSON.stringify(text)}))
      toast.querySelector('button[aria-label="Dismiss notification"]').click();
  })`);

/** The value of one field of the details panel's "Details" list. */
const detailsField = (panel: Locator, label: string): Locator =>
  panelSection(panel, 'Details')
    .locator('.details-fields__item')
    .filter({ has: panel.page().locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');

/** "2026-11-25 21:44": a server timestamp in the browser's local time (what the Added column shows). */
const compactLocal = async (page: Page, serverText: string): Promise<string> =>
  String(
    await page.evaluate(`(() => {
      const date = new Date(${JSON.stringify(serverText)});
      const two = (n) => String(n).padStart(2, '0');
      return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' ' +
        two(date.getHours()) + ':' + two(date.getMinutes());
    })()`),
  );

describe('Against a Flask + boto3 server (sandbox dialects)', () => {
  it('uploads, lists with Flask dates, downloads, shares, predicts, shows refusals in plain words, deletes', async () => {
    const app = await e2e.start({ sandbox: { dialects: FLASK_BOTO3 } });
    const { page } = app;
    // All nine combine: none of them answers a question another one answers too.
    expect([...app.sandbox.dialects].sort()).toEqual([...FLASK_BOTO3].sort());

    const a = await writeSlide(app.workDir, 'flask-slide-a.svs', 64 * 1024);
    const b = await writeSlide(app.workDir, 'flask-slide-b.svs', 16 * 1024);

    // --- Upload: SigV2 presigned POSTs (no multipart on this server), PUT answered {success, msg}. ---
    const NO_LOG = 'This server keeps no upload log';
    const noLogNotices = await countToasts(page, NO_LOG);
    const toasts = page.getByRole('region', { name: 'Notifications' });
    const noLogToast = toasts.getByRole('listitem').filter({ hasText: NO_LOG });
    // Watched from before the upload: the notice goes away by itself after a few seconds.
    const noLogSeen = noLogToast
      .first()
      .waitFor({ timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    await uploadAndWait(page, [a.file, b.file]);
    // The missing POST /LogInfo is said once, as a notice, and fails nothing.
    expect(await noLogSeen).toBe(true);
    expect(await noLogNotices()).toBe(1);
    for (const name of ['flask-slide-a.svs', 'flask-slide-b.svs'])
      expect(await queueRow(page, name).innerText()).not.toMatch(/Failed|Retrying|tried again/i);
    await screenshot(page, 'real-server-uploads-done');
    // Read: dismissed so it covers nothing in the next pictures.
    await dismissToasts(page, NO_LOG);
    await noLogToast.first().waitFor({ state: 'detached' });

    const stored = await app.api.listImagesOfUser(E2E_USER);
    expect(stored.map((image) => image.filename).sort()).toEqual(['flask-slide-a.svs', 'flask-slide-b.svs']);
    const byName = (name: string) => stored.find((image) => image.filename === name)!;
    for (const image of stored) expect(image.adddate).toMatch(FLASK_DATE);

    // --- Images: both rows, "Added" read from Flask's dates (not "—", not "Invalid Date"). ---
    await goTo(page, 'Images');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 2 of 2' }).waitFor();
    for (const name of ['flask-slide-a.svs', 'flask-slide-b.svs']) {
      const added = imageRow(page, name).locator('.images-table__cell--added');
      const shown = (await added.innerText()).trim();
      expect(shown).toBe(await compactLocal(page, byName(name).adddate!));
    }
    await screenshot(page, 'real-server-images-dates');

    // --- Details of A: the full date, with the server's own text in the tooltip. ---
    const panel = await openImage(page, 'flask-slide-a.svs');
    const addedField = detailsField(panel, 'Added').locator('span');
    expect(await addedField.getAttribute('title')).toBe(byName('flask-slide-a.svs').adddate);
    const addedText = await addedField.innerText();
    expect(addedText).not.toMatch(/^—$|Invalid|GMT/);
    expect(addedText).toContain(byName('flask-slide-a.svs').adddate!.slice(12, 16)); // the year

    // --- Download: S3/file answers 302 to another host; the saved file is the source, byte for byte. ---
    const download = panelSection(panel, 'Download');
    await download.getByRole('button', { name: 'Download image' }).click();
    await download.getByText(/^Saved to |^The download failed/).waitFor({ timeout: 30_000 });
    expect(await download.getByRole('alert').count()).toBe(0);
    const savedPath = (await download.locator('.download__done .mono').innerText()).trim();
    expect(path.dirname(savedPath)).toBe(app.downloadDir);
    expect((await readFile(savedPath)).equals(a.bytes)).toBe(true);

    // --- Sharing: an unknown user is refused in the server's words (a Werkzeug 400 page); user 20 works. ---
    const sharing = panelSection(panel, 'Sharing');
    const shareField = sharing.getByLabel('User ids to share with');
    const chips = sharing.getByRole('list', { name: 'Users with access' });
    await chips.getByText(`User ${E2E_USER}`, { exact: true }).waitFor(); // `shared` came as the number 19
    await shareField.fill('999');
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    const shareRefusal = sharing.getByRole('alert');
    await shareRefusal.waitFor();
    await expectShortPlainRefusal(shareRefusal, 400, /Unknown user id\(s\): 999/);
    await chips.getByText('User 999', { exact: true }).waitFor({ state: 'detached' });

    await shareField.fill('20');
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    await sharing.getByRole('status').filter({ hasText: 'Shared with user 20.' }).waitFor();
    await chips.getByText('User 20', { exact: true }).waitFor();
    expect(await sharing.getByRole('alert').count()).toBe(0);
    const sharedA = (await app.api.listImagesOfUser(E2E_USER)).find(
      (image) => image.filename === 'flask-slide-a.svs',
    )!;
    expect(String(sharedA.shared)).toMatch(/\b20\b/);
    // User 20 now has it in their own list.
    expect((await app.api.listImagesOfUser(20)).map((image) => image.filename)).toContain(
      'flask-slide-a.svs',
    );
    await download.scrollIntoViewIfNeeded();
    await screenshot(page, 'real-server-downloaded-shared');

    // --- Prediction on A: allowed once tiling is done, runs to its outcome. ---
    const prediction = panelSection(panel, 'Prediction');
    const predictionState = prediction.getByRole('status', { name: 'Prediction state' });
    const startA = prediction.getByRole('button', { name: 'Start prediction' });
    await refreshUntil(page, () => startA.isEnabled());
    await startA.click();
    await prediction.getByText('Prediction started.').waitFor();
    await refreshUntil(page, async () => (await predictionState.innerText()) === 'Predicted', 30_000);
    expect(await prediction.locator('.prediction__result').innerText()).toMatch(
      /Outcome\s+(High|Low) risk[\s\S]*Metric\s+0\.\d{3}/,
    );
    expect(await prediction.getByRole('alert').count()).toBe(0);
    await prediction.scrollIntoViewIfNeeded();
    await screenshot(page, 'real-server-predicted');

    // --- Refusals: B deleted through the API behind the UI's back; the screen still shows it. ---
    const panelB = await openImage(page, 'flask-slide-b.svs');
    const predictionB = panelSection(panelB, 'Prediction');
    const startB = predictionB.getByRole('button', { name: 'Start prediction' });
    await refreshUntil(page, () => startB.isEnabled());
    await hideWindowWithFreshList(page);
    expect(await startB.isEnabled()).toBe(true);
    await app.api.deleteImage(byName('flask-slide-b.svs').image_unique_id);

    // Start prediction: a Werkzeug 404 page, read as its words.
    await startB.click();
    const predictRefusal = predictionB.getByRole('alert');
    await predictRefusal.waitFor();
    await expectShortPlainRefusal(predictRefusal, 404, /does not exist/);
    await predictionB.scrollIntoViewIfNeeded();
    await screenshot(page, 'real-server-refused-404');

    // Delete: this Flask view fails on the missing image with a 500 page.
    await panelSection(panelB, 'Delete').getByRole('button', { name: 'Delete image…' }).click();
    const confirmB = page.getByRole('dialog', { name: 'Delete flask-slide-b.svs?' });
    await confirmB.getByRole('button', { name: 'Delete image' }).click();
    const deleteRefusal = confirmB.getByRole('alert');
    await deleteRefusal.waitFor();
    await expectShortPlainRefusal(deleteRefusal, 500, /Internal Server Error/);
    // Nothing is claimed: the dialog stays with its explanation, no "Image deleted" toast.
    expect(await toasts.getByText('Image deleted').count()).toBe(0);
    await screenshot(page, 'real-server-refused-500');
    await confirmB.getByRole('button', { name: 'Cancel' }).click();
    await confirmB.waitFor({ state: 'detached' });

    // Back in front, the list refreshes: B is gone and the panel says so.
    await setWindowHidden(page, false);
    await imageRow(page, 'flask-slide-b.svs').waitFor({ state: 'detached' });
    await page.getByText('This image is no longer in the list. It may have been deleted.').waitFor();

    // --- Delete A, with confirmation. ---
    const panelA = await openImage(page, 'flask-slide-a.svs');
    await panelSection(panelA, 'Delete').getByRole('button', { name: 'Delete image…' }).click();
    const confirmA = page.getByRole('dialog', { name: 'Delete flask-slide-a.svs?' });
    await confirmA.waitFor();
    await confirmA.getByRole('button', { name: 'Delete image' }).click();
    await confirmA.waitFor({ state: 'detached' });
    await imageRow(page, 'flask-slide-a.svs').waitFor({ state: 'detached' });
    await toasts.getByText('Image deleted').waitFor();
    await toasts.getByText('flask-slide-a.svs was removed from PathomIQ.').waitFor();
    expect(await app.api.listImagesOfUser(E2E_USER)).toEqual([]);
    await screenshot(page, 'real-server-deleted');
  });
});
