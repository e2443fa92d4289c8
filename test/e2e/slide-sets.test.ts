import { describe, expect, it } from 'vitest';
import { buildMirax } from '../helpers/slide-sets.js';
import { writeDamagedSlide, writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { queueRow, uploadByPath, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

describe('Multi-file slides and pixel QC in the UI', () => {
  it('a MIRAX slide is one row with its file count; a slide with a damaged tile is refused naming the tile', async () => {
    const app = await e2e.start();
    const { page } = app;
    const mirax = await buildMirax(app.workDir, 'CASE-0007_lymph_node', {
      dataFiles: 3,
      dataBytes: 256 * 1024,
    });
    const good = await writeSlide(app.workDir, 'CASE-0008_prostate.svs', 16 * 1024);
    // A copy whose first tile is no longer a JPEG: the structure is intact, the pixels are not.
    const damaged = await writeDamagedSlide(app.workDir, 'CASE-0009_damaged.svs', 16 * 1024);

    await uploadByPath(page, [mirax.main, good.file, damaged.file]);
    const results = page.getByRole('region', { name: /added|not added/i });
    await results
      .getByText(/4 files|5 files|6 files/)
      .first()
      .waitFor();
    await results.getByText(/tile \(0, 0\) of level 0.*cannot be decoded/).waitFor();
    await waitForRowState(page, 'CASE-0007_lymph_node.mrxs.zip', /^Done$/);
    await waitForRowState(page, 'CASE-0008_prostate.svs', /^Done$/);
    const members = await queueRow(page, 'CASE-0007_lymph_node.mrxs.zip')
      .getByTestId('queue-row-members')
      .innerText();
    expect(members).toBe(`${mirax.members.length} files`);
    expect(await queueRow(page, 'CASE-0009_damaged.svs').count()).toBe(0);
    await screenshot(page, 'slide-sets-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'slide-sets-dark');

    const images = await app.api.listImagesOfUser(19);
    expect(images.map((image) => image.filename).sort()).toEqual([
      'CASE-0007_lymph_node.mrxs.zip',
      'CASE-0008_prostate.svs',
    ]);
  });
});
