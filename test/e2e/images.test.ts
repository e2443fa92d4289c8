import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { imageRow, openImage, panelSection, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

/** Light and dark pictures of what is on screen now. */
async function lightAndDark(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('Images', () => {
  it('lists the uploaded slide with its processing badges and opens its details', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'listed-slide.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file]);

    const panel = await openImage(page, 'listed-slide.svs');
    const row = imageRow(page, 'listed-slide.svs');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('status').filter({ hasText: 'Showing 1 of 1' }).waitFor();

    // The sandbox tiles, measures tissue and annotates within a fraction of a second at speed 50.
    const badges = panel.getByRole('list', { name: 'Processing' });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return badges.innerText();
        },
        { timeout: 15_000, interval: 300 },
      )
      .toMatch(/Tiling: Completed[\s\S]*Annotation: Completed/i);
    // Tissue is measured before annotation, so its area is known by now, and shown with its unit.
    expect(await badges.innerText()).toMatch(/Tissue area: Completed, [\d.,]+ mm²/);
    const [server] = await app.api.listImagesOfUser(19);
    expect(await row.innerText()).toContain(server!.status ?? '');
    await panelSection(panel, 'Details').getByText(server!.image_unique_id).first().waitFor();
    await screenshot(page, 'images-details');

    await panel.getByRole('button', { name: 'Close details' }).click();
    await panel.waitFor({ state: 'detached' });

    // The tissue-area badge (a number with its unit) fits its column at common window widths: neither the badge
    // nor its cell cuts it off.
    for (const [width, height] of [
      [1280, 800],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      const cell = row.locator('.images-table__cell--tissue');
      const badge = cell.locator('.badge');
      await expect.poll(() => badge.innerText(), { timeout: 5_000 }).toMatch(/^[\d.,]+ mm²$/);
      const fit = await cell.evaluate((element) => {
        const inner = element.querySelector('.badge')!;
        return {
          badge: inner.scrollWidth <= inner.clientWidth,
          cell: element.scrollWidth <= element.clientWidth,
          inside: inner.getBoundingClientRect().right <= element.getBoundingClientRect().right,
        };
      });
      expect(fit, `tissue badge at ${width} px`).toEqual({ badge: true, cell: true, inside: true });
      await lightAndDark(page, `images-table-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // "All logs" names the image by its file name, its id on hover.
    await page.getByRole('tab', { name: 'All logs' }).click();
    const opener = page.getByRole('button', { name: 'Open image listed-slide.svs' }).first();
    await opener.waitFor();
    expect(await opener.getAttribute('title')).toBe(
      `Open image listed-slide.svs (id ${server!.image_unique_id})`,
    );
  });

  it('shares with a user, lists them, removes them, and explains bad input', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'shared-slide.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file]);
    const panel = await openImage(page, 'shared-slide.svs');
    const sharing = panelSection(panel, 'Sharing');
    const field = sharing.getByLabel('User ids to share with');

    await field.fill('20');
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    await sharing.getByRole('status').filter({ hasText: 'Shared with user 20.' }).waitFor();
    const chips = sharing.getByRole('list', { name: 'Users with access' });
    await chips.getByText('User 20', { exact: true }).waitFor();
    const [shared] = await app.api.listImagesOfUser(19);
    expect(shared!.shared ?? '').toMatch(/\b20\b/);
    await screenshot(page, 'images-sharing');

    await sharing.getByRole('button', { name: 'Stop sharing with user 20' }).click();
    await sharing.getByRole('status').filter({ hasText: 'No longer shared with user 20.' }).waitFor();
    await chips.getByText('User 20', { exact: true }).waitFor({ state: 'detached' });
    const [unshared] = await app.api.listImagesOfUser(19);
    expect(unshared!.shared ?? '').not.toMatch(/\b20\b/);

    for (const bad of ['twenty', '-3', '']) {
      await field.fill(bad);
      await sharing.getByRole('button', { name: 'Share', exact: true }).click();
      const alert = sharing.getByRole('alert');
      await alert.waitFor();
      expect((await alert.innerText()).length).toBeGreaterThan(10);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
    }
    const [after] = await app.api.listImagesOfUser(19);
    expect(after!.shared ?? '').not.toMatch(/\b20\b/);
  });
});
