import { truncate } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { queueRow, queueRowState, uploadByPath, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Uploads', () => {
  it('uploads two slides added by path to Done, with progress', async () => {
    const app = await e2e.start();
    const { page } = app;
    const a = await writeSlide(app.workDir, 'case-1-slide-a.svs', 64 * 1024);
    const b = await writeSlide(app.workDir, 'case-1-slide-b.svs', 64 * 1024);

    await uploadByPath(page, [a.file, b.file]);
    await page.getByRole('heading', { name: '2 slides added' }).waitFor();
    await waitForRowState(page, 'case-1-slide-a.svs', /^Done$/);
    await waitForRowState(page, 'case-1-slide-b.svs', /^Done$/);

    const bar = queueRow(page, 'case-1-slide-a.svs').getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await page
      .getByText(/2 files/)
      .first()
      .waitFor();
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename).sort()).toEqual([
      'case-1-slide-a.svs',
      'case-1-slide-b.svs',
    ]);
    await queueRow(page, 'case-1-slide-b.svs').scrollIntoViewIfNeeded();
    await screenshot(page, 'uploads-done');
  });

  it('cuts long names in the middle, so two that differ at the end stay apart, with the full name on focus', async () => {
    const app = await e2e.start();
    const { page } = app;
    const stem = `CASE-0001_prostate_needle_biopsy_${'left_apex_posterior_'.repeat(6)}core`;
    const a = await writeSlide(app.workDir, `${stem}_A2.svs`, 16 * 1024);
    const b = await writeSlide(app.workDir, `${stem}_B7.svs`, 16 * 1024);

    await uploadByPath(page, [a.file, b.file]);
    const shown = async (name: string) => {
      const cut = queueRow(page, name).locator('.queue-row__name');
      await cut.locator('[aria-hidden="true"]').waitFor();
      return cut;
    };
    const cutA = await shown(`${stem}_A2.svs`);
    const cutB = await shown(`${stem}_B7.svs`);
    const textA = await cutA.locator('[aria-hidden="true"]').innerText();
    const textB = await cutB.locator('[aria-hidden="true"]').innerText();
    expect(textA).toMatch(/^CASE-0001_.*….*_A2\.svs$/);
    expect(textB).toMatch(/^CASE-0001_.*….*_B7\.svs$/);
    // The full name is the accessible text, and shows in a tooltip on keyboard focus.
    expect(await cutA.getAttribute('data-full-name')).toBe(`${stem}_A2.svs`);
    await cutA.focus();
    const tip = page.locator(`[id="${await cutA.getAttribute('aria-describedby')}"]`);
    await expect.poll(() => tip.getAttribute('class')).toMatch(/^tooltip/);
    expect(await tip.innerText()).toContain(`${stem}_A2.svs`);
    await screenshot(page, 'uploads-long-names');
  });

  it('refuses a truncated slide and says why', async () => {
    const app = await e2e.start();
    const { page } = app;
    const broken = await writeSlide(app.workDir, 'cut-short.svs', 16 * 1024);
    await truncate(broken.file, Math.floor(broken.bytes.length / 2));

    await uploadByPath(page, [broken.file]);
    const results = page.getByRole('region', { name: /not added/ });
    await results.waitFor();
    await results.getByText('Not added', { exact: true }).waitFor();
    const message = await results.locator('.add-results__message').innerText();
    expect(message.length).toBeGreaterThan(10);
    expect(message).toMatch(/truncat|cut|end of the file|incomplete|beyond/i);
    expect(await queueRow(page, 'cut-short.svs').count()).toBe(0);
    await screenshot(page, 'uploads-refused');
  });

  it('pauses and resumes a bigger upload, which then finishes', async () => {
    // 1 MiB/s through the app's own bandwidth limit: an 8 MiB slide takes seconds, time enough to pause it.
    const app = await e2e.start({ settings: { limitRate: 1024 * 1024, partConcurrency: 1 } });
    const { page } = app;
    const big = await writeSlide(app.workDir, 'big-slide.svs', 128 * 1024);

    await uploadByPath(page, [big.file]);
    await waitForRowState(page, 'big-slide.svs', /^Uploading \d+%$/);
    await queueRow(page, 'big-slide.svs').getByRole('button', { name: 'Pause big-slide.svs' }).click();
    await waitForRowState(page, 'big-slide.svs', /^Paused$/);
    await queueRow(page, 'big-slide.svs').scrollIntoViewIfNeeded();
    await screenshot(page, 'uploads-paused');
    const pausedAt = await queueRow(page, 'big-slide.svs').locator('.queue-row__detail').innerText();
    expect(pausedAt).toMatch(/^Paused at \d+%$/);
    expect(await queueRowState(page, 'big-slide.svs')).toBe('Paused');

    await queueRow(page, 'big-slide.svs').getByRole('button', { name: 'Resume big-slide.svs' }).click();
    await waitForRowState(page, 'big-slide.svs', /^(Waiting|Registering|Uploading \d+%|Finishing|Done)$/);
    await waitForRowState(page, 'big-slide.svs', /^Done$/, 60_000);
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename)).toEqual(['big-slide.svs']);
  });

  it('pauses and resumes a one-request (POST) upload under a bandwidth limit', async () => {
    // Below the 8 MiB part size the engine sends the file in one presigned POST, through the rate limiter.
    const app = await e2e.start({ settings: { limitRate: 1024 * 1024 } });
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'post-slide.svs', 64 * 1024);

    await uploadByPath(page, [slide.file]);
    await waitForRowState(page, 'post-slide.svs', /^Uploading \d+%$/);
    await queueRow(page, 'post-slide.svs').getByRole('button', { name: 'Pause post-slide.svs' }).click();
    await waitForRowState(page, 'post-slide.svs', /^Paused$/);
    await queueRow(page, 'post-slide.svs').getByRole('button', { name: 'Resume post-slide.svs' }).click();
    await waitForRowState(page, 'post-slide.svs', /^Done$/, 60_000);
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename)).toEqual(['post-slide.svs']);
  });
});
