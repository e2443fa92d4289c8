import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { queueRow, queueRowState, uploadByPath, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Server outage', () => {
  it('shows the upload waiting to retry while the server is down and finishes it afterwards', async () => {
    // The sandbox sits behind the fault proxy; 1 MiB/s keeps the 4 MiB upload running long enough to cut it.
    const app = await e2e.start({
      faultProxy: true,
      settings: { limitRate: 1024 * 1024, partConcurrency: 1 },
    });
    const { page } = app;
    const proxy = app.proxy!;
    const slide = await writeSlide(app.workDir, 'through-outage.svs', 64 * 1024);

    await uploadByPath(page, [slide.file]);
    await waitForRowState(page, 'through-outage.svs', /^Uploading \d+%$/);
    await proxy.down();

    // While the server is away, the row alternates between waiting for the next attempt and making it.
    const waiting = /^(Waiting to retry|Retrying)$/;
    await waitForRowState(page, 'through-outage.svs', waiting, 20_000);
    const row = queueRow(page, 'through-outage.svs');
    const detail = await row.locator('.queue-row__detail').innerText();
    // Words a technician understands: what went wrong and when it tries again.
    expect(detail).toMatch(/The server could not be reached/);
    expect(detail).toMatch(/Retrying in \d+ s|tried again|Trying again now/);
    // The status bar is never green while an upload waits on the server.
    const health = page.getByTestId('status-health');
    await expect.poll(() => health.innerText(), { timeout: 20_000 }).toMatch(/^Server unreachable — /);
    // Nor does it count the job as uploading: it waits to retry (issue 14 item 3).
    expect(await page.getByTestId('status-retrying').innerText()).toBe('1 waiting to retry');
    expect(await page.locator('.queue-toolbar__counts').innerText()).toContain('1 waiting to retry');
    expect(await page.locator('.queue-toolbar__counts').innerText()).not.toContain('uploading');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'uploads-outage');
    expect(await queueRowState(page, 'through-outage.svs')).toMatch(waiting);

    await proxy.up();
    await waitForRowState(page, 'through-outage.svs', /^Done$/, 60_000);
    await expect.poll(() => health.innerText(), { timeout: 20_000 }).toBe('Connected');
    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename)).toEqual(['through-outage.svs']);
  });
});
