import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import {
  openImage,
  panelSection,
  queueRow,
  uploadAndWait,
  uploadByPath,
  waitForRowState,
} from './helpers/ui.js';

const e2e = useE2eApps();

/** Light and dark pictures of what is on screen now. */
async function bothSchemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('A server error in plain words (issue 14 item 5)', () => {
  it('says what happened to which file and what to do, the technical detail one click away, in one toast', async () => {
    const app = await e2e.start({ faultProxy: true });
    const { page } = app;
    // The server refuses to register the image: a validation error, which no retry can fix.
    app.proxy!.inject({
      match: { method: 'POST', url: /^POST \/Images(\?|$)/ },
      fault: {
        type: 'status',
        status: 400,
        body: JSON.stringify({ success: false, msg: 'patient_id 4711 is not known' }),
        headers: { 'content-type': 'application/json' },
      },
      times: Infinity,
    });
    const slide = await writeSlide(app.workDir, 'refused-slide.svs', 16 * 1024);

    await uploadByPath(page, [slide.file]);
    await waitForRowState(page, 'refused-slide.svs', /^Failed$/, 30_000);

    // One toast for one failure, however many parts of the app reported it.
    const toasts = page.locator('.toast--error');
    await expect.poll(() => toasts.count()).toBe(1);
    const toast = toasts.first();
    // What happened to which file and what to do (the app's notification or the engine's notice, whichever came).
    const words = await toast.locator('.toast__text > div:not(.error-details)').allInnerTexts();
    const said = words.join(' ');
    expect(said).toContain('refused-slide.svs');
    const advice =
      'The server refused it. Correct what the server names (for a slide: its patient, study…), then press Retry.';
    expect(said).toContain(advice);
    expect(said).not.toMatch(/POST|HTTP|failed —|administrator/);

    // The technical words are one click away, never in the sentence.
    const details = toast.locator('.error-details__text');
    expect(await details.isVisible()).toBe(false);
    await toast.getByText('Details', { exact: true }).click();
    expect(await details.innerText()).toBe(
      'POST /Images failed — the server answered HTTP 400: patient_id 4711 is not known.',
    );

    // The queue row says the same, with the same one piece of advice for its Retry button.
    const row = queueRow(page, 'refused-slide.svs');
    expect(await row.locator('.queue-row__detail').innerText()).toBe(advice);
    await row.getByRole('button', { name: /Show the error details for refused-slide\.svs/ }).click();
    expect(await row.locator('.queue-row__problem').innerText()).toContain(
      'HTTP 400: patient_id 4711 is not known',
    );
    await bothSchemes(page, 'error-words-toast-and-row');
    // Still one toast after everything has settled.
    expect(await toasts.count()).toBe(1);
  });

  it('clears the feedback of an earlier action when another one starts, and when the selection changes', async () => {
    const app = await e2e.start();
    const { page } = app;
    const first = await writeSlide(app.workDir, 'feedback-one.svs', 16 * 1024);
    const second = await writeSlide(app.workDir, 'feedback-two.svs', 16 * 1024);
    await uploadAndWait(page, [first.file, second.file]);
    let panel = await openImage(page, 'feedback-one.svs');
    const sharing = panelSection(panel, 'Sharing');
    await sharing.getByLabel('User ids to share with').fill('20');
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    const shared = sharing.getByRole('status').filter({ hasText: 'Shared with user 20.' });
    await shared.waitFor();

    // Another action (a download, in another section): the sharing message is no longer news.
    await panelSection(panel, 'Download').getByRole('button', { name: 'Download image' }).click();
    await shared.waitFor({ state: 'detached' });
    expect(await sharing.getByRole('status').innerText()).toBe('');

    // Sharing again shows its message again; choosing another image starts clean.
    await sharing.getByLabel('User ids to share with').fill('21');
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    await sharing.getByRole('status').filter({ hasText: 'Shared with user 21.' }).waitFor();
    panel = await openImage(page, 'feedback-two.svs');
    expect(await panelSection(panel, 'Sharing').getByRole('status').innerText()).toBe('');
  });
});
