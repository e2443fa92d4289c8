import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tiffBytes, type TiffLayout, type TiffSpec } from '../../helpers/tiff-writer.js';

/**
 * A copy cut anywhere must be refused as incomplete — never accepted, never a crash. We cut generated
 * slides at every structural boundary (header, inside each directory, inside tag data, inside tiles) and
 * at a sweep of evenly spaced points.
 */

const APERIO =
  'Aperio Image Library v12.0.15\r\n4000x3000 (256x256) JPEG/RGB Q=70|AppMag = 20|MPP = 0.5|' +
  'x'.repeat(400);

const SPECS: Array<{ label: string; spec: TiffSpec; name: string }> = [
  {
    label: 'TIFF, data first (libtiff layout)',
    name: 'cut.svs',
    spec: {
      levels: [
        { width: 2000, height: 1500, description: APERIO },
        { width: 500, height: 375, description: APERIO },
      ],
    },
  },
  {
    label: 'TIFF, directories first, big endian',
    name: 'cut.tif',
    spec: {
      layout: 'ifds-first',
      bigEndian: true,
      levels: [
        { width: 2000, height: 1500, description: 'x'.repeat(300) },
        { width: 500, height: 375 },
      ],
    },
  },
  {
    label: 'BigTIFF, data first',
    name: 'cut.tif',
    spec: {
      bigTiff: true,
      levels: [
        { width: 2000, height: 1500, description: 'y'.repeat(300) },
        { width: 500, height: 375, strips: true, rowsPerStrip: 64 },
      ],
    },
  },
];

function cutPoints(layout: TiffLayout): number[] {
  const points = new Set<number>([1, 2, 3, 4, 5, 7, layout.headerSize - 1, layout.headerSize]);
  for (const ifd of layout.ifds) {
    for (const at of [
      ifd.offset,
      ifd.offset + 1,
      ifd.offset + 2,
      Math.floor((ifd.offset + ifd.end) / 2),
      ifd.end - 1,
      ifd.end,
    ])
      points.add(at);
    for (const at of [
      ifd.valuesStart + 1,
      Math.floor((ifd.valuesStart + ifd.valuesEnd) / 2),
      ifd.valuesEnd - 1,
    ])
      points.add(at);
  }
  for (const pieces of layout.pieces) {
    for (const at of [
      pieces.start,
      pieces.start + 1,
      Math.floor((pieces.start + pieces.end) / 2),
      pieces.end - 1,
    ])
      points.add(at);
  }
  for (let at = 1; at < layout.size; at += Math.max(1, Math.floor(layout.size / 97))) points.add(at);
  points.add(layout.size - 1);
  return [...points].filter((at) => at > 0 && at < layout.size).sort((a, b) => a - b);
}

describe.each(SPECS)('a cut copy of a $label', ({ spec, name }) => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const { bytes, layout } = tiffBytes(spec);
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('the whole file is a slide', async () => {
    const file = path.join(temp.dir, name);
    await writeFile(file, bytes);
    expect((await inspectSlide(file)).kind).toBe('slide');
  });

  it('is incomplete at every cut point, with a reason naming the file', async () => {
    const points = cutPoints(layout);
    expect(points.length).toBeGreaterThan(80);
    const outcomes: string[] = [];
    for (const cut of points) {
      const file = path.join(temp.dir, `${cut}-${name}`);
      await writeFile(file, bytes.subarray(0, cut));
      const result = await inspectSlide(file);
      if (result.kind !== 'incomplete' || !result.reason.startsWith(`${cut}-${name} `)) {
        outcomes.push(`cut at ${cut}: ${JSON.stringify(result)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('says how far the file should run when only tiles are missing', async () => {
    const last = layout.pieces.at(-1);
    const ifdsBeforeData = spec.layout === 'ifds-first';
    if (!last || !ifdsBeforeData) return;
    const cut = last.end - 10;
    const file = path.join(temp.dir, `tail-${name}`);
    await writeFile(file, bytes.subarray(0, cut));
    const result = await inspectSlide(file);
    expect(result).toMatchObject({
      kind: 'incomplete',
      reason: `tail-${name} is cut short: its image data should run to byte ${last.end.toLocaleString('en-US')} but the file ends at byte ${cut.toLocaleString('en-US')}. The copy is incomplete — copy the slide again from the scanner.`,
    });
  });
});
