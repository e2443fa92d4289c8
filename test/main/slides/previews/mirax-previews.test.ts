import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidePreviews } from '../../../../src-main/slides/previews/index.js';
import { buildRealMirax, MIRAX_COLOURS } from '../../../helpers/mirax-real.js';
import { buildMirax } from '../../../helpers/slide-sets.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { decoded, near } from '../../../helpers/preview-pixels.js';

/** The picture a data: URL holds: its size and the colour at its centre. */
describe('MIRAX slide previews', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp?.cleanup());

  it('the thumbnail, label and macro are the Scan data layer pictures, whichever file of the set is named', async () => {
    const slide = await buildRealMirax(temp.dir, 'CASE-5');
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'cache') });
    const thumbnail = await previews.preview(slide.main, 'thumbnail');
    const label = await previews.preview(slide.main, 'label');
    const macro = await previews.preview(path.join(slide.folder, 'Slidedat.ini'), 'macro');
    expect(thumbnail).toMatchObject({ available: true, source: 'associated', width: 120, height: 120 });
    expect(label).toMatchObject({ available: true, source: 'associated', width: 100, height: 100 });
    expect(macro).toMatchObject({ available: true, source: 'associated', width: 300, height: 100 });
    expect(near((await decoded(thumbnail)).centre, MIRAX_COLOURS.thumbnail)).toBe(true);
    expect(near((await decoded(label)).centre, MIRAX_COLOURS.label)).toBe(true);
    expect(near((await decoded(macro)).centre, MIRAX_COLOURS.macro)).toBe(true);
  });

  it('a slide without a thumbnail value says so; a picture that is not an image says it cannot be read', async () => {
    const slide = await buildRealMirax(temp.dir, 'CASE-6', { noThumbnail: true });
    const data = path.join(slide.folder, 'Data0001.dat');
    const bytes = await readFile(data);
    bytes.fill(0x41, slide.pictures.label.offset, slide.pictures.label.offset + 16);
    await writeFile(data, bytes);
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'cache-6') });
    expect(await previews.preview(slide.main, 'thumbnail')).toEqual({
      available: false,
      kind: 'thumbnail',
      reason: 'CASE-6.mrxs has no thumbnail',
    });
    expect(await previews.preview(slide.main, 'label')).toMatchObject({
      available: false,
      reason: "CASE-6.mrxs's label image is stored in a way this app cannot read",
    });
    expect(await previews.preview(slide.main, 'macro')).toMatchObject({ available: true, width: 300 });
  });

  it('a MIRAX slide whose data holds no pictures (filler bytes) gets reasons, not errors', async () => {
    const slide = await buildMirax(temp.dir, 'FILLER-1');
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'cache-filler') });
    expect(await previews.preview(slide.main, 'thumbnail')).toMatchObject({
      available: false,
      reason: 'FILLER-1.mrxs has no thumbnail',
    });
    expect(await previews.preview(slide.main, 'label')).toMatchObject({
      available: false,
      reason: "FILLER-1.mrxs's label image is stored in a way this app cannot read",
    });
  });
});
