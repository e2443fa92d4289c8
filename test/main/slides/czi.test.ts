import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { cziBytes } from './generators/czi-writer.js';

describe('Zeiss CZI (generated)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const write = async (name: string, bytes: Buffer) => {
    const file = path.join(temp.dir, name);
    await writeFile(file, bytes);
    return file;
  };

  it('a valid CZI is a zeiss-czi slide with size, levels, magnification and MPP from its header', async () => {
    const file = await write('scan.czi', cziBytes().bytes);
    expect(await inspectSlide(file)).toEqual({
      kind: 'slide',
      format: 'zeiss-czi',
      metadata: {
        width: 3072,
        height: 2048,
        levels: 2,
        vendor: 'Zeiss',
        magnification: 20,
        mppX: 0.22,
        mppY: 0.22,
        tiled: true,
        properties: { 'czi.subBlocks': '7' },
      },
      files: [file],
      warnings: [],
    });
  });

  it('is incomplete wherever it is cut (header, sub-blocks, metadata, directory)', async () => {
    const { bytes, layout } = cziBytes();
    const cuts = [
      1,
      9,
      10,
      31,
      100,
      543,
      544,
      layout.subBlocks[1] ?? 0,
      (layout.subBlocks.at(-1) ?? 0) + 40,
      layout.metadata + 10,
      layout.metadata + 300,
      layout.directory,
      layout.directory + 31,
      layout.directory + 140,
      layout.size - 1,
    ];
    const unexpected: string[] = [];
    for (const cut of cuts) {
      const result = await inspectSlide(await write(`${cut}.czi`, bytes.subarray(0, cut)));
      if (result.kind !== 'incomplete' || !result.reason.startsWith(`${cut}.czi `))
        unexpected.push(`${cut}: ${JSON.stringify(result)}`);
    }
    expect(unexpected).toEqual([]);
  });

  it('names the byte the cut copy should reach', async () => {
    const { bytes, layout } = cziBytes();
    const result = await inspectSlide(await write('cut.czi', bytes.subarray(0, layout.directory + 10)));
    expect(result).toMatchObject({
      kind: 'incomplete',
      format: 'zeiss-czi',
      reason: expect.stringMatching(
        /^cut\.czi is cut short: its image data should run at least to byte [\d,]+ but the file ends at byte [\d,]+\. /,
      ),
    });
  });

  it('a CZI that ZEN is still writing is "not finished yet"', async () => {
    const pending = await inspectSlide(await write('pending.czi', cziBytes({ updatePending: true }).bytes));
    expect(pending).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('still being updated'),
    });
    const noDirectory = await inspectSlide(await write('early.czi', cziBytes({ noDirectory: true }).bytes));
    expect(noDirectory).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('no image directory yet'),
    });
  });

  it('a directory pointer into garbage is damage, not a crash', async () => {
    const { bytes } = cziBytes();
    bytes.writeBigInt64LE(600n, 32 + 52);
    expect(await inspectSlide(await write('bad.czi', bytes))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(/^bad\.czi is a damaged Zeiss CZI file: the image directory is missing/),
    });
  });
});
