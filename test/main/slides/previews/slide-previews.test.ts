import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidePreviews } from '../../../../src-main/slides/previews/index.js';
import { fixturePath, hasSharedFixtures } from '../../../helpers/shared-fixtures.js';
import {
  PICTURE_COLOURS,
  TILE_JPEG,
  slideWithPicturesBytes,
  writeSlide,
  writeSlideWithPictures,
} from '../../../helpers/slides.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { decoded, near } from '../../../helpers/preview-pixels.js';
import { dicomBytes } from '../generators/dicom-writer.js';

/** The picture a data: URL holds, decoded by sharp: its size and the colour at its centre. */
/**
 * Marks the label's uncompressed strip as JPEG (Compression 1 → 7 in its directory), so its pixels no longer
 * decode while the file's structure stays intact. True when the tag was found.
 */
async function markLabelAsJpeg(file: string): Promise<boolean> {
  const bytes = await readFile(file);
  const description = bytes.indexOf('\nlabel 100x100');
  let offset = bytes.readUInt32LE(4);
  while (offset !== 0) {
    const count = bytes.readUInt16LE(offset);
    const entries = Array.from({ length: count }, (_, index) => offset + 2 + index * 12);
    const describes = entries.some(
      (entry) =>
        bytes.readUInt16LE(entry) === 270 &&
        bytes.readUInt32LE(entry + 8) <= description &&
        description < bytes.readUInt32LE(entry + 8) + bytes.readUInt32LE(entry + 4),
    );
    const compression = entries.find((entry) => bytes.readUInt16LE(entry) === 259);
    if (describes && compression !== undefined) {
      bytes.writeUInt16LE(7, compression + 8);
      await writeFile(file, bytes);
      return true;
    }
    offset = bytes.readUInt32LE(offset + 2 + count * 12);
  }
  return false;
}

describe('slide previews', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let cacheDir: string;
  let withPictures: string;
  beforeAll(async () => {
    temp = await makeTempDir();
    cacheDir = path.join(temp.dir, 'previews');
    withPictures = await writeSlideWithPictures(temp.dir, 'CASE-7.svs', {
      thumbnail: { width: 480, height: 360 },
      label: { width: 600, height: 400 },
      macro: { width: 800, height: 240 },
    });
  });
  afterAll(() => temp?.cleanup());

  it("makes the thumbnail, label and macro from the slide's own pictures, scaled to fit 320 px", async () => {
    const previews = new SlidePreviews({ dir: cacheDir });
    const thumbnail = await previews.preview(withPictures, 'thumbnail');
    const label = await previews.preview(withPictures, 'label');
    const macro = await previews.preview(withPictures, 'macro');
    expect(thumbnail).toMatchObject({ available: true, source: 'associated', width: 320, height: 240 });
    expect(label).toMatchObject({ available: true, source: 'associated', width: 320, height: 213 });
    expect(macro).toMatchObject({ available: true, source: 'associated', width: 320, height: 96 });
    // The thumbnail carries level 0's size (to draw annotation regions over it); the other pictures do not.
    expect(thumbnail).toMatchObject({ slideWidth: 2048, slideHeight: 2048 });
    expect(label).not.toHaveProperty('slideWidth');
    const pictures = {
      thumbnail: await decoded(thumbnail),
      label: await decoded(label),
      macro: await decoded(macro),
    };
    expect(pictures.label).toMatchObject({ width: 320, height: 213 });
    expect(near(pictures.thumbnail.centre, PICTURE_COLOURS.thumbnail)).toBe(true);
    expect(near(pictures.label.centre, PICTURE_COLOURS.label)).toBe(true);
    expect(near(pictures.macro.centre, PICTURE_COLOURS.macro)).toBe(true);
  });

  it('serves a second request from the disk cache, also to a new instance and for a copy of the file', async () => {
    const first = new SlidePreviews({ dir: cacheDir });
    const made = await first.preview(withPictures, 'label');
    const again = new SlidePreviews({ dir: cacheDir });
    const copy = path.join(temp.dir, 'copy-of-CASE-7.svs');
    await writeFile(copy, await readFile(withPictures));
    expect(await again.preview(withPictures, 'label')).toEqual(made);
    expect(await again.preview(copy, 'label')).toEqual(made);
    expect(again.made).toBe(0);
  });

  it('a damaged cache entry is made again', async () => {
    const previews = new SlidePreviews({ dir: cacheDir });
    const good = await previews.preview(withPictures, 'thumbnail');
    for (const name of await readdir(cacheDir)) {
      const file = path.join(cacheDir, name);
      const content = await readFile(file);
      content[content.length - 10] = (content[content.length - 10] ?? 0) ^ 0xff;
      await writeFile(file, content);
    }
    expect(await previews.preview(withPictures, 'thumbnail')).toEqual(good);
    expect(previews.made).toBe(1);
  });

  it('a slide without label or macro says so; its thumbnail is its smallest level', async () => {
    const plain = (await writeSlide(temp.dir, 'PLAIN-1.svs')).file;
    const previews = new SlidePreviews({ dir: cacheDir });
    expect(await previews.preview(plain, 'label')).toEqual({
      available: false,
      kind: 'label',
      reason: 'PLAIN-1.svs has no label image',
    });
    expect(await previews.preview(plain, 'macro')).toMatchObject({
      available: false,
      reason: 'PLAIN-1.svs has no macro (whole-glass) image',
    });
    const thumbnail = await previews.preview(plain, 'thumbnail');
    expect(thumbnail).toMatchObject({ available: true, source: 'smallest-level', width: 320, height: 320 });
    expect(await decoded(thumbnail)).toMatchObject({ width: 320, height: 320 });
  });

  it('asked for the same picture many times at once, decodes it once', async () => {
    const file = await writeSlideWithPictures(temp.dir, 'BURST.svs', { label: { width: 300, height: 300 } });
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'burst-cache') });
    const answers = await Promise.all(Array.from({ length: 5 }, () => previews.preview(file, 'label')));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(previews.made).toBe(1);
  });

  it('keeps the cache under its size bound, dropping the least recently used previews', async () => {
    const files = await Promise.all(
      ['LRU-A.svs', 'LRU-B.svs', 'LRU-C.svs'].map((name) =>
        writeSlideWithPictures(temp.dir, name, { label: { width: 400, height: 300 } }),
      ),
    );
    const [a, b, c] = files as [string, string, string];
    const measure = path.join(temp.dir, 'measure-cache');
    await new SlidePreviews({ dir: measure }).preview(a, 'label');
    const entrySize = (await readFile(path.join(measure, (await readdir(measure))[0] ?? ''))).length;

    const dir = path.join(temp.dir, 'bounded-cache');
    const previews = new SlidePreviews({ dir, maxBytes: Math.floor(entrySize * 2.5) });
    await previews.preview(a, 'label');
    await previews.preview(b, 'label');
    await previews.preview(a, 'label'); // A is used again: B is now the least recently used
    await previews.preview(c, 'label');
    expect((await readdir(dir)).filter((name) => name.endsWith('.preview'))).toHaveLength(2);
    const made = previews.made;
    await previews.preview(a, 'label');
    await previews.preview(c, 'label');
    expect(previews.made).toBe(made);
    await previews.preview(b, 'label');
    expect(previews.made).toBe(made + 1);
  });

  it('a label whose data does not decode is reported with the cause; the thumbnail still comes', async () => {
    const file = path.join(temp.dir, 'BAD-LABEL.svs');
    const good = slideWithPicturesBytes('BAD-LABEL.svs', { label: { width: 100, height: 100 } });
    await writeFile(file, good);
    // The label's strip holds dummy bytes marked as JPEG: rewrite its Compression tag from 1 to 7.
    const marked = await markLabelAsJpeg(file);
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'bad-cache') });
    expect(marked).toBe(true);
    const label = await previews.preview(file, 'label');
    expect(label).toMatchObject({
      available: false,
      reason: expect.stringMatching(/^BAD-LABEL\.svs's label image could not be read \(.+\)$/),
    });
    expect(await previews.preview(file, 'thumbnail')).toMatchObject({ available: true });
  });

  it('a file that is not a slide gets its reason, not a picture', async () => {
    const text = path.join(temp.dir, 'notes.txt');
    await writeFile(text, 'not a slide');
    const previews = new SlidePreviews({ dir: cacheDir });
    expect(await previews.preview(text, 'thumbnail')).toMatchObject({
      available: false,
      reason: expect.stringContaining('notes.txt'),
    });
  });

  it("a DICOM series: the LABEL instance's JPEG frame; no OVERVIEW instance, so no macro", async () => {
    const folder = path.join(temp.dir, 'dicom-series');
    await mkdir(folder);
    const series = '1.2.826.0.1.3680043.10.999.7';
    const base = path.join(folder, 'level-0.dcm');
    await writeFile(
      base,
      dicomBytes({ seriesInstanceUid: series, sopInstanceUid: `${series}.1`, frames: 8 }),
    );
    await writeFile(
      path.join(folder, 'label.dcm'),
      dicomBytes({
        seriesInstanceUid: series,
        sopInstanceUid: `${series}.2`,
        imageType: 'ORIGINAL\\PRIMARY\\LABEL\\NONE',
        frames: 1,
        totalColumns: 256,
        totalRows: 256,
        frameContent: TILE_JPEG,
      }),
    );
    const previews = new SlidePreviews({ dir: path.join(temp.dir, 'dicom-cache') });
    const label = await previews.preview(base, 'label');
    expect(label).toMatchObject({ available: true, source: 'associated', width: 256, height: 256 });
    expect(await decoded(label)).toMatchObject({ width: 256, height: 256 });
    expect(await previews.preview(base, 'macro')).toMatchObject({
      available: false,
      reason: 'level-0.dcm has no macro (whole-glass) image (no OVERVIEW instance)',
    });
  });

  describe.skipIf(!hasSharedFixtures)('shared fixtures', () => {
    it('small.svs: a thumbnail, and no label', async () => {
      const previews = new SlidePreviews({ dir: path.join(temp.dir, 'fixture-cache') });
      const file = fixturePath('slides', 'small.svs');
      const thumbnail = await previews.preview(file, 'thumbnail');
      expect(thumbnail).toMatchObject({ available: true });
      const picture = await decoded(thumbnail);
      expect(picture.width).toBeGreaterThan(0);
      expect(await previews.preview(file, 'label')).toMatchObject({
        available: false,
        reason: 'small.svs has no label image',
      });
    });

    it('DICOM boxes series: the THUMBNAIL instance, and no label instance', async () => {
      const previews = new SlidePreviews({ dir: path.join(temp.dir, 'fixture-cache') });
      const file = fixturePath('slides', 'boxes_0.dcm');
      const thumbnail = await previews.preview(file, 'thumbnail');
      expect(thumbnail).toMatchObject({ available: true, source: 'associated', width: 16, height: 16 });
      await decoded(thumbnail);
      expect(await previews.preview(file, 'label')).toMatchObject({
        available: false,
        reason: expect.stringContaining('has no label image'),
      });
    });
  });
});
