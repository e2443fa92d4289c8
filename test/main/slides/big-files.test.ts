import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writeTiff, type ExtraTag, type TiffSpec } from '../../helpers/tiff-writer.js';

/**
 * Multi-gigabyte slides as sparse files: the headers and tile tables are real, the gigabytes between them
 * are holes, so the files cost a few MB of disk. Only the outcome is asserted (timing is for benchmarks).
 */

const MIB = 2 ** 20;
const GIB = 2 ** 30;

describe('multi-gigabyte slides (sparse files)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  // 100,000 × 80,000 pixels in 256-pixel tiles: 122,383 tiles at full resolution, ~131,000 in all.
  const fiveGigabytes: TiffSpec = {
    bigTiff: true,
    layout: 'ifds-first',
    dataOffset: 5 * GIB - 4 * MIB,
    levels: [
      { width: 100_000, height: 80_000, bytesPerPiece: 16 },
      { width: 25_000, height: 20_000, bytesPerPiece: 16 },
      { width: 6_250, height: 5_000, bytesPerPiece: 16 },
    ],
  };

  it('a 5 GB BigTIFF with its tiles near the end is checked and accepted', async () => {
    const file = path.join(temp.dir, 'huge.tif');
    await writeTiff(file, fiveGigabytes, { size: 5 * GIB });
    const stats = { reads: 0, bytesRead: 0 };
    const result = await inspectSlide(file, { stats });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: { width: 100_000, height: 80_000, levels: 3, bigTiff: true, tiled: true },
      warnings: [],
    });
    // The tile tables (~1.6 MB) are read; the 5 GB of (sparse) image data never is.
    expect(stats.bytesRead).toBeLessThan(4 * MIB);
  });

  it('the same file cut at 4.5 GB is incomplete and says where it should end', async () => {
    const file = path.join(temp.dir, 'huge.tif');
    const layout = await writeTiff(file, fiveGigabytes, { size: 5 * GIB });
    await truncate(file, 4.5 * GIB);
    const lastTile = Math.max(...layout.pieces.map((pieces) => pieces.end));
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: `huge.tif is cut short: its image data should run to byte ${lastTile.toLocaleString('en-US')} but the file ends at byte ${(4.5 * GIB).toLocaleString('en-US')}. The copy is incomplete — copy the slide again from the scanner.`,
    });
  });

  describe('NDPI over 4 GB (32-bit offsets that wrap at 4 GB)', () => {
    const ndpiTags: ExtraTag[] = [
      { tag: 271, type: 'ascii', value: 'Hamamatsu' },
      { tag: 65420, type: 'long', value: 1 },
      { tag: 65421, type: 'float', value: 20 },
    ];
    // Level 0 lies below 4 GB; level 1 (its strip and directory) at 4.5 GB, stored modulo 4 GB.
    const wrapped: TiffSpec = {
      wrapOffsets: true,
      levels: [
        { width: 60_000, height: 40_000, strips: true, bytesPerPiece: 1000, tags: ndpiTags },
        {
          width: 15_000,
          height: 10_000,
          strips: true,
          bytesPerPiece: 1000,
          tags: ndpiTags,
          startAt: 4.5 * GIB,
        },
      ],
    };

    it('is not flagged as truncated: the wrapped directory is found, with a warning', async () => {
      const file = path.join(temp.dir, 'big.ndpi');
      await writeTiff(file, wrapped, { size: 4 * GIB + 600 * MIB });
      const result = await inspectSlide(file);
      expect(result).toMatchObject({
        kind: 'slide',
        format: 'hamamatsu-ndpi',
        metadata: {
          width: 60_000,
          height: 40_000,
          levels: 2,
          magnification: 20,
          properties: { 'tiff.directories': '2' },
        },
        warnings: [expect.stringContaining('NDPI file larger than 4 GB')],
      });
    });

    it('cut between 4 GB and its last level: accepted only with a "partly checked" warning (the wrap hides the cut)', async () => {
      const file = path.join(temp.dir, 'big.ndpi');
      await writeTiff(file, wrapped, { size: 4 * GIB + 600 * MIB });
      await truncate(file, 4 * GIB + 200 * MIB);
      const result = await inspectSlide(file);
      expect(result).toMatchObject({ kind: 'slide', format: 'hamamatsu-ndpi' });
      if (result.kind === 'slide') expect(result.warnings.join(' ')).toContain('only partly checked');
    });

    it('cut below 4 GB (so nothing can wrap) is refused as cut short', async () => {
      const file = path.join(temp.dir, 'big.ndpi');
      await writeTiff(file, wrapped, { size: 4 * GIB + 600 * MIB });
      await truncate(file, 3 * GIB);
      expect(await inspectSlide(file)).toMatchObject({
        kind: 'incomplete',
        format: 'hamamatsu-ndpi',
        // The second directory's stored position (≈0.5 GB) lands in blank space: it is really past 4 GB.
        reason: expect.stringMatching(
          /^big\.ndpi is cut short: its image data should run at least to byte 4,83\d,\d{3},\d{3} /,
        ),
      });
    });
  });
});
