import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openImage, panelSection, refreshUntil, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

const logText = (panel: Locator) =>
  panel
    .getByRole('list', { name: 'Log entries of this image' })
    .innerText()
    .catch(() => '');

/** Light and dark pictures of what is on screen now. */
async function lightAndDark(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('Predictions and logs', () => {
  it('starts a prediction, stops it, runs it again to the end, with log entries', async () => {
    // Speed 1: each of the prediction's five steps takes 1.5 s, time enough to stop it on purpose and to see a
    // stage while it runs (the panel's log refresh runs every 1.5 s during a prediction).
    const app = await e2e.start({ sandbox: { speed: 1 } });
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'predicted-slide.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file]);
    const panel = await openImage(page, 'predicted-slide.svs');
    const prediction = panelSection(panel, 'Prediction');
    const state = prediction.getByRole('status', { name: 'Prediction state' });
    const start = prediction.getByRole('button', { name: 'Start prediction' });

    // Tiling must finish before a prediction may start.
    await refreshUntil(page, () => start.isEnabled());
    expect(await state.innerText()).toBe('Not predicted');
    await start.click();
    await state.getByText('Prediction running').waitFor();
    await prediction.getByText('Prediction started.').waitFor();
    await screenshot(page, 'images-prediction-running');

    await prediction.getByRole('button', { name: 'Stop prediction' }).click();
    await state.getByText('Prediction stopped').waitFor();
    const [stopped] = await app.api.listImagesOfUser(19);
    expect(stopped!.status).toBe('Prediction Stopped');
    await expect.poll(() => logText(panel), { timeout: 15_000 }).toContain('Prediction stopped by user');
    expect(await logText(panel)).toContain('Prediction started');

    await prediction.getByRole('button', { name: 'Run prediction again' }).click();
    await state.getByText('Prediction running').waitFor();
    // The stage and percentage beside the badge follow the server's log live; before the first report the panel
    // says that much, never an earlier run's stage.
    const stage = state.locator('.prediction__stage');
    expect(await stage.innerText()).toMatch(/^(No progress reported yet|Loading tiles · 25%)$/);
    const stageOfRun =
      /^(Loading tiles|Running tumour detection network|Grading regions|Writing results) · \d+%$/;
    await expect.poll(() => stage.innerText().catch(() => ''), { timeout: 15_000 }).toMatch(stageOfRun);
    await lightAndDark(page, 'images-prediction-stage');
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const text = await stage.innerText().catch(() => '');
          if (stageOfRun.test(text)) seen.add(text);
          return seen.size;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeGreaterThan(1);
    await refreshUntil(page, async () => (await state.innerText()) === 'Predicted', 30_000);
    const outcome = await prediction.locator('.prediction__result').innerText();
    expect(outcome).toMatch(/Outcome\s+(High|Low) risk/);
    expect(outcome).toMatch(/Metric\s+0\.\d{3}/);
    await expect.poll(() => logText(panel), { timeout: 15_000 }).toContain('Prediction completed');
    await screenshot(page, 'images-prediction-done');

    // The server-wide log view lists them too.
    await page.getByRole('tab', { name: 'All logs' }).click();
    const all = page.getByRole('list', { name: /log/i }).last();
    await expect
      .poll(() => all.innerText().catch(() => ''), { timeout: 15_000 })
      .toContain('Prediction completed');
    await screenshot(page, 'images-all-logs');
  });
});
