import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { startApp, type E2eApp } from './helpers/app-fixture.js';
import { launchChromium } from './helpers/browser.js';
import { screenshot } from './helpers/screenshot.js';
import { queueRow, queueRowState, uploadByPath, waitForRowState } from './helpers/ui.js';

let browser: Browser;
let app: E2eApp | undefined;
beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await browser?.close();
});

describe('Server outage', () => {
  it('shows the upload waiting to retry while the server is down and finishes it afterwards', async () => {
    // The sandbox sits behind the fault proxy; 1 MiB/s keeps the 4 MiB upload running long enough to cut it.
    app = await startApp(browser, {
      faultProxy: true,
      settings: { limitRate: 1024 * 1024, partConcurrency: 1 },
    });
    const { page } = app;
    const proxy = app.proxy!;
    const slide = await writeSlide(app.workDir, 'through-outage.svs', 64 * 1024);

    await uploadByPath(page, [slide.file]);
    await waitForRowState(page, 'through-outage.svs', /^Uploading \d+%$/);
    await proxy.down();

    await waitForRowState(page, 'through-outage.svs', /^Waiting to retry$/, 20_000);
    const row = queueRow(page, 'through-outage.svs');
    const detail = await row.locator('.queue-row__detail').innerText();
    // Words a technician understands: what went wrong and when it tries again.
    expect(detail).toMatch(/could not reach the server/i);
    expect(detail).toMatch(/Retrying in \d+ s|tried again/);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'uploads-outage');
    expect(await queueRowState(page, 'through-outage.svs')).toBe('Waiting to retry');

    await proxy.up();
    await waitForRowState(page, 'through-outage.svs', /^Done$/, 60_000);
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename)).toEqual(['through-outage.svs']);
  });
});
