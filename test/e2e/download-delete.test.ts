import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { imageRow, openImage, panelSection, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Download and delete', () => {
  it('downloads the image byte for byte, then deletes it after confirmation', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'round-trip.svs', 64 * 1024);
    const keep = await writeSlide(app.workDir, 'kept.svs', 16 * 1024);
    await uploadAndWait(page, [slide.file, keep.file]);
    const panel = await openImage(page, 'round-trip.svs');

    const download = panelSection(panel, 'Download');
    await download.getByRole('button', { name: 'Download image' }).click();
    const saved = download.getByText(/^Saved to /);
    await saved.waitFor({ timeout: 30_000 });
    const savedPath = (await download.locator('.download__done .mono').innerText()).trim();
    expect(path.dirname(savedPath)).toBe(app.downloadDir);
    expect((await readFile(savedPath)).equals(slide.bytes)).toBe(true);
    await screenshot(page, 'images-downloaded');

    const uid = (await app.api.listImagesOfUser(19)).find(
      (image) => image.filename === 'round-trip.svs',
    )!.image_unique_id;
    await panelSection(panel, 'Delete').getByRole('button', { name: 'Delete image…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete round-trip.svs?' });
    await confirm.waitFor();
    await screenshot(page, 'images-delete-confirm');
    // Cancel first: nothing happens.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await app.api.listImagesOfUser(19)).map((image) => image.image_unique_id)).toContain(uid);

    await panelSection(panel, 'Delete').getByRole('button', { name: 'Delete image…' }).click();
    await confirm.getByRole('button', { name: 'Delete image' }).click();
    await confirm.waitFor({ state: 'detached' });
    await imageRow(page, 'round-trip.svs').waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Showing 1 of 1' }).waitFor();
    await imageRow(page, 'kept.svs').waitFor();
    const left = await app.api.listImagesOfUser(19);
    expect(left.map((image) => image.image_unique_id)).not.toContain(uid);
    expect(left.map((image) => image.filename)).toEqual(['kept.svs']);
  });
});
