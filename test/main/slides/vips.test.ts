import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** Real pyramid TIFFs from libvips, when it is installed (apt-get install libvips-tools). */
const run = promisify(execFile);
const hasVips = await run('vips', ['--version']).then(
  () => true,
  () => false,
);

describe.skipIf(!hasVips)(
  'pyramid TIFFs written by libvips (needs the vips command; skipped without it)',
  () => {
    let temp: Awaited<ReturnType<typeof makeTempDir>>;
    let pyramid: string;
    beforeAll(async () => {
      temp = await makeTempDir();
      const noise = path.join(temp.dir, 'noise.v');
      pyramid = path.join(temp.dir, 'pyramid.tif');
      await run('vips', ['gaussnoise', noise, '2000', '1500']);
      await run('vips', [
        'tiffsave',
        noise,
        pyramid,
        '--tile',
        '--pyramid',
        '--compression',
        'jpeg',
        '--tile-width',
        '256',
        '--tile-height',
        '256',
      ]);
    });
    afterAll(() => temp?.cleanup());

    it('is a tiled generic-tiff slide, 2000×1500, with its levels', async () => {
      // vips halves until the image fits one tile: 2000 → 1000 → 500 → 250 wide.
      expect(await inspectSlide(pyramid)).toMatchObject({
        kind: 'slide',
        format: 'generic-tiff',
        metadata: { width: 2000, height: 1500, levels: 4, tiled: true, compression: 'JPEG', bigTiff: false },
        warnings: [],
      });
    });

    it('cut in half, it is incomplete', async () => {
      const bytes = await readFile(pyramid);
      const half = path.join(temp.dir, 'half.tif');
      await writeFile(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
      expect(await inspectSlide(half)).toMatchObject({
        kind: 'incomplete',
        format: 'generic-tiff',
        reason: expect.stringMatching(/^half\.tif is cut short: /),
      });
    });

    it('a BigTIFF pyramid is read too', async () => {
      const big = path.join(temp.dir, 'big.tif');
      // Default 128-pixel tiles: one more level (125 wide) than the 256-tile pyramid; openslide agrees (level-count 5).
      await run('vips', [
        'tiffsave',
        pyramid,
        big,
        '--tile',
        '--pyramid',
        '--bigtiff',
        '--compression',
        'deflate',
      ]);
      expect(await inspectSlide(big)).toMatchObject({
        kind: 'slide',
        metadata: { width: 2000, height: 1500, levels: 5, bigTiff: true, compression: 'Deflate' },
      });
    });
  },
);
