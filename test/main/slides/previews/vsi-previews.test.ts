import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidePreviews } from '../../../../src-main/slides/previews/index.js';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import { buildVsi } from '../../../helpers/slide-sets.js';
import { PICTURE_COLOURS } from '../../../helpers/slides.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { decoded, near } from '../../../helpers/preview-pixels.js';

/** Rewrites the first directory's value of `tag` (classic little-endian TIFF, SHORT or LONG in place). */
async function setTag(file: string, tag: number, value: number): Promise<void> {
  const bytes = await readFile(file);
  const ifd = bytes.readUInt32LE(4);
  const count = bytes.readUInt16LE(ifd);
  for (let index = 0; index < count; index += 1) {
    const entry = ifd + 2 + index * 12;
    if (bytes.readUInt16LE(entry) !== tag) continue;
    if (bytes.readUInt16LE(entry + 2) === 3) bytes.writeUInt16LE(value, entry + 8);
    else bytes.writeUInt32LE(value, entry + 8);
    await writeFile(file, bytes);
    return;
  }
  throw new Error(`tag ${tag} not found`);
}

describe('Olympus VSI slide previews', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp?.cleanup());
  const previewsIn = (name: string) => new SlidePreviews({ dir: path.join(temp.dir, name) });

  it("the thumbnail is the .vsi's own picture; label and overview directories of the .vsi are the label and macro", async () => {
    const slide = await buildVsi(temp.dir, 'CASE-V1', {
      pictures: {
        thumbnail: { width: 640, height: 320 },
        label: { width: 90, height: 80 },
        macro: { width: 300, height: 100 },
      },
    });
    expect(await inspectSlide(slide.main)).toMatchObject({ kind: 'slide', format: 'olympus-vsi' });
    const previews = previewsIn('cache-1');
    const thumbnail = await previews.preview(slide.main, 'thumbnail');
    const label = await previews.preview(slide.main, 'label');
    // Any file of the set names the slide.
    const macro = await previews.preview(path.join(slide.folder!, 'stack1', 'frame_t.ets'), 'macro');
    expect(thumbnail).toMatchObject({ available: true, source: 'associated', width: 320, height: 160 });
    expect(label).toMatchObject({ available: true, source: 'associated', width: 90, height: 80 });
    expect(macro).toMatchObject({ available: true, source: 'associated', width: 300, height: 100 });
    expect(near((await decoded(thumbnail)).centre, PICTURE_COLOURS.thumbnail)).toBe(true);
    expect(near((await decoded(label)).centre, PICTURE_COLOURS.label)).toBe(true);
    expect(near((await decoded(macro)).centre, PICTURE_COLOURS.macro)).toBe(true);
  });

  it('a .vsi with only its thumbnail says where the label and overview are and why they are not shown', async () => {
    const slide = await buildVsi(temp.dir, 'CASE-V2', {
      pictures: { thumbnail: { width: 200, height: 100 } },
    });
    const previews = previewsIn('cache-2');
    expect(await previews.preview(slide.main, 'thumbnail')).toMatchObject({ available: true, width: 200 });
    expect(await previews.preview(slide.main, 'label')).toEqual({
      available: false,
      kind: 'label',
      reason:
        'CASE-V2.vsi has no label image in its .vsi file (cellSens keeps it in the image data folder, which this app does not read for previews)',
    });
  });

  it('a .vsi picture with an unknown compression, or an impossible size, is refused with a reason, never decoded', async () => {
    const odd = await buildVsi(temp.dir, 'CASE-V3', { pictures: { thumbnail: { width: 64, height: 64 } } });
    await setTag(odd.main, 259, 12_345);
    const huge = await buildVsi(temp.dir, 'CASE-V4', { pictures: { thumbnail: { width: 64, height: 64 } } });
    await setTag(huge.main, 256, 1_000_000);
    await setTag(huge.main, 257, 1_000_000);
    const previews = previewsIn('cache-3');
    expect(await previews.preview(odd.main, 'thumbnail')).toMatchObject({
      available: false,
      reason: "CASE-V3.vsi's thumbnail uses an unknown compression (code 12345)",
    });
    const refused = await previews.preview(huge.main, 'thumbnail');
    expect(refused).toMatchObject({ available: false });
    if (!refused.available)
      // Slide QC refuses it before any picture is decoded (the strips it lists do not cover such an image).
      expect(refused.reason).toMatch(/^CASE-V4\.vsi is a damaged Olympus VSI file: /);
  });

  it("the builder's default .vsi (dummy JPEG bytes) gets a reason from the decoder, not an error", async () => {
    const slide = await buildVsi(temp.dir, 'CASE-V5');
    const preview = await previewsIn('cache-5').preview(slide.main, 'thumbnail');
    expect(preview).toMatchObject({ available: false, kind: 'thumbnail' });
    if (!preview.available) expect(preview.reason).toMatch(/^CASE-V5\.vsi's thumbnail could not be read \(/);
  });
});
