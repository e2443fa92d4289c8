import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../../../src-main/slides/pixels/decode.js';
import { qcSlide } from '../../../../src-main/slides/qc.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { corruptTile, hasVips, makePyramid, setCompression } from './vips-pyramids.js';

/**
 * 5000×4000 with 256-pixel tiles: levels 0 (20 tiles × 16) and 1 are too large to decode whole, so they are
 * sampled; levels 2 to 5 (1250×1000 … 156×125) are decoded whole.
 */
const SIZE = { width: 5000, height: 4000 };
const LEVELS = [
  { level: 0, width: 5000, height: 4000, whole: false },
  { level: 1, width: 2500, height: 2000, whole: false },
  { level: 2, width: 1250, height: 1000, whole: true },
  { level: 3, width: 625, height: 500, whole: true },
  { level: 4, width: 312, height: 250, whole: true },
  { level: 5, width: 156, height: 125, whole: true },
];

describe.skipIf(!hasVips)('pixel QC of pyramids written by libvips (needs the vips command)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const pyramids = new Map<string, string>();
  beforeAll(async () => {
    temp = await makeTempDir();
    for (const compression of ['jpeg', 'deflate', 'lzw'] as const)
      pyramids.set(compression, await makePyramid(temp.dir, `${compression}.tif`, { ...SIZE, compression }));
  }, 120_000);
  afterAll(() => temp?.cleanup());

  const copyOf = async (compression: string, name: string): Promise<string> => {
    const copy = path.join(temp.dir, name);
    await copyFile(pyramids.get(compression) ?? '', copy);
    return copy;
  };

  describe.each(['jpeg', 'deflate', 'lzw'])('%s tiles', (compression) => {
    it('an intact pyramid passes, with every level in the report', async () => {
      const result = await qcSlide(pyramids.get(compression) ?? '');
      expect(result).toMatchObject({ kind: 'slide', format: 'generic-tiff', warnings: [] });
      if (result.kind !== 'slide') return;
      expect(result.pixels?.levels).toEqual(
        LEVELS.map((level) => ({ ...level, tilesDecoded: expect.any(Number) })),
      );
      expect(result.pixels?.levels[0]?.tilesDecoded).toBeGreaterThanOrEqual(5);
    });

    it('one damaged tile of a level decoded whole is refused, naming the level and tile', async () => {
      const file = await copyOf(compression, `${compression}-level2.tif`);
      await corruptTile(file, 2, 3, 2);
      expect(await qcSlide(file)).toMatchObject({
        kind: 'incomplete',
        format: 'generic-tiff',
        reason: expect.stringMatching(
          new RegExp(
            `^${compression}-level2\\.tif is a damaged TIFF file: tile \\(3, 2\\) of level 2 cannot be decoded \\(.+\\): the image data is damaged\\. Copy the slide again from the scanner; if the new copy is refused too`,
          ),
        ),
      });
    });

    it('a damaged sampled tile of the full-resolution level is refused, naming it', async () => {
      const file = await copyOf(compression, `${compression}-level0.tif`);
      // The middle tile is always among the samples.
      await corruptTile(file, 0, 10, 8);
      const result = await qcSlide(file);
      expect(result).toMatchObject({
        kind: 'incomplete',
        reason: expect.stringContaining('tile (10, 8) of level 0 (full resolution) cannot be decoded'),
      });
    });
  });

  it('names the cause libjpeg gives for a bad JPEG tile', async () => {
    const file = await copyOf('jpeg', 'bogus.tif');
    await corruptTile(file, 2, 0, 0);
    expect(await qcSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('tile (0, 0) of level 2 cannot be decoded (Bogus marker length)'),
    });
  });

  it('reads only the tiles under the region: a damaged neighbour does not matter', async () => {
    const file = await copyOf('jpeg', 'neighbour.tif');
    await corruptTile(file, 0, 5, 5);
    const limit = SIZE.width * SIZE.height;
    const tile = (column: number, row: number) => ({
      left: column * 256,
      top: row * 256,
      width: 256,
      height: 256,
    });
    expect(await decode(file, { page: 0 }, tile(5, 5), limit, 7)).toMatchObject({
      ok: false,
      kind: 'damaged',
    });
    for (const [column, row] of [
      [4, 5],
      [6, 5],
      [5, 4],
      [5, 6],
      [18, 14],
    ] as const)
      expect(await decode(file, { page: 0 }, tile(column, row), limit, 7)).toEqual({ ok: true });
  });

  it('levels in SubIFDs (OME-TIFF style) are checked too', async () => {
    const file = await makePyramid(temp.dir, 'subifd.tif', {
      width: 1200,
      height: 900,
      compression: 'jpeg',
      subifd: true,
    });
    const intact = await qcSlide(file);
    expect(intact).toMatchObject({ kind: 'slide' });
    if (intact.kind === 'slide')
      expect(intact.pixels?.levels.map((level) => level.width)).toEqual([1200, 600, 300, 150]);
    // Directory 2 in walk order is the second SubIFD: level 2.
    await corruptTile(file, 2, 1, 0);
    expect(await qcSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('tile (1, 0) of level 2 cannot be decoded'),
    });
  });

  it('JPEG 2000 tiles (Aperio 33003), which libvips cannot decode, are a warning, not a refusal', async () => {
    const file = await copyOf('jpeg', 'j2k.tif');
    await setCompression(file, 33003);
    const result = await qcSlide(file);
    expect(result).toMatchObject({
      kind: 'slide',
      warnings: [
        expect.stringMatching(/^j2k\.tif: pixel data not checked — its images are compressed as JPEG 2000/),
      ],
      pixels: { levels: [] },
    });
  });

  it('a codec this build of libvips lacks (Zstandard, today) is a warning, never a refusal', async () => {
    const file = await makePyramid(temp.dir, 'zstd.tif', { width: 600, height: 400, compression: 'zstd' });
    const result = await qcSlide(file);
    expect(result).toMatchObject({ kind: 'slide' });
    for (const warning of result.kind === 'slide' ? result.warnings : [])
      expect(warning).toBe(
        'zstd.tif: pixel data not checked — this app cannot decode its images (ZSTD compression support is not configured). Its structure is intact, so it will be uploaded as it is.',
      );
  });

  it('an unregistered compression code is refused', async () => {
    const file = await copyOf('jpeg', 'private.tif');
    await setCompression(file, 52479);
    expect(await qcSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('compression code 52479, which is not a known image compression'),
    });
    // Also without decoding (how watch folders queue): the codes are read from the directories.
    expect(await qcSlide(file, { pixels: 'codecs' })).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('compression code 52479'),
    });
  });

  it("pixels: 'codecs' decodes nothing: a damaged tile passes it, no pixel report, and the full check refuses it", async () => {
    const file = await copyOf('jpeg', 'owed.tif');
    await corruptTile(file, 2, 3, 2);
    const shallow = await qcSlide(file, { pixels: 'codecs' });
    expect(shallow).toMatchObject({ kind: 'slide' });
    expect(shallow.kind === 'slide' && shallow.pixels).toBeUndefined();
    expect(await qcSlide(file)).toMatchObject({ kind: 'incomplete' });
  });
});
