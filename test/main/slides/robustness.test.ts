import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSlide, type SlideInspection } from '../../../src-main/slides/index.js';
import { buildVsi } from '../../helpers/slide-sets.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tiffBytes } from '../../helpers/tiff-writer.js';
import { cziBytes } from './generators/czi-writer.js';
import { dicomBytes } from './generators/dicom-writer.js';
import { wsiInstance } from './sets/wsi-dicom.js';

/**
 * Corrupt files must produce an outcome, never an exception or a hang: flip random bytes in otherwise
 * valid files (a deterministic generator, so failures reproduce) and inspect each.
 */
function* mutations(bytes: Buffer, count: number, seed: number): Generator<Buffer> {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = 0; i < count; i += 1) {
    const copy = Buffer.from(bytes);
    const flips = 1 + Math.floor(random() * 4);
    for (let flip = 0; flip < flips; flip += 1) {
      // Mostly in the first 2 KB, where the structure lives.
      const at = Math.floor(random() * Math.min(copy.length, random() < 0.8 ? 2048 : copy.length));
      copy[at] = Math.floor(random() * 256);
    }
    yield copy;
  }
}

const KINDS: ReadonlyArray<SlideInspection['kind']> = ['slide', 'incomplete', 'not-a-slide', 'unreadable'];

describe('corrupt files never throw', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it.each([
    {
      name: 'mutant.svs',
      bytes: tiffBytes({
        levels: [
          { width: 2000, height: 1500, description: 'Aperio Image Library|AppMag = 20|MPP = 0.5' },
          { width: 500, height: 375 },
        ],
      }).bytes,
    },
    {
      name: 'mutant.tif',
      bytes: tiffBytes({
        bigTiff: true,
        layout: 'ifds-first',
        levels: [
          { width: 2000, height: 1500 },
          { width: 500, height: 375, strips: true },
        ],
      }).bytes,
    },
    { name: 'mutant.czi', bytes: cziBytes().bytes },
    { name: 'mutant.dcm', bytes: dicomBytes({ seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4' }) },
    {
      // A TILED_FULL part of a concatenation with an offset table: the series checks see every mutant too.
      name: 'mutant-wsi.dcm',
      bytes: wsiInstance({
        series: '1.2.3',
        sop: '1.2.3.5',
        totalColumns: 512,
        totalRows: 512,
        offsetTable: 4,
        concatenation: { uid: '1.2.3.6', number: 1, total: 1 },
      }),
    },
  ])('$name', async ({ name, bytes }) => {
    const file = path.join(temp.dir, name);
    const outcomes = new Map<string, number>();
    for (const mutant of mutations(bytes, 300, 42)) {
      await writeFile(file, mutant);
      const result = await inspectSlide(file);
      expect(KINDS).toContain(result.kind);
      outcomes.set(result.kind, (outcomes.get(result.kind) ?? 0) + 1);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('a VSI set whose .ets is damaged', async () => {
    const set = await buildVsi(temp.dir, 'mutant', { tiles: 8, tileBytes: 64 });
    const ets = path.join(set.folder, 'stack1', 'frame_t.ets');
    const outcomes = new Set<string>();
    for (const mutant of mutations(await readFile(ets), 300, 7)) {
      await writeFile(ets, mutant);
      const result = await inspectSlide(set.main);
      expect(KINDS).toContain(result.kind);
      outcomes.add(result.kind);
    }
    expect(outcomes.has('incomplete')).toBe(true);
  });
});
