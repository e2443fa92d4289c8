import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tiffBytes } from '../../helpers/tiff-writer.js';
import { etsBytes } from './generators/ets-writer.js';

const SLIDEDAT = `[GENERAL]
SLIDE_VERSION = 1.9
SLIDE_ID = 7A1B2C3D
OBJECTIVE_MAGNIFICATION = 20

[HIERARCHICAL]
INDEXFILE = Index.dat

[DATAFILE]
FILE_COUNT = 2
FILE_0 = Data0000.dat
FILE_1 = Data0001.dat
`;

describe('MIRAX (.mrxs + folder)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let mrxs: string;
  let folder: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    mrxs = path.join(temp.dir, 'CMU-1.mrxs');
    folder = path.join(temp.dir, 'CMU-1');
    await writeFile(mrxs, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await mkdir(folder);
    await writeFile(path.join(folder, 'Slidedat.ini'), `\uFEFF${SLIDEDAT.replace(/\n/g, '\r\n')}`);
    for (const name of ['Index.dat', 'Data0000.dat', 'Data0001.dat'])
      await writeFile(path.join(folder, name), Buffer.alloc(1000, 1));
  });
  afterEach(() => temp.cleanup());

  const allFiles = () => [
    mrxs,
    path.join(folder, 'Slidedat.ini'),
    path.join(folder, 'Index.dat'),
    path.join(folder, 'Data0000.dat'),
    path.join(folder, 'Data0001.dat'),
  ];

  it('a complete MIRAX slide is recognised as multi-file (not yet supported), listing every file', async () => {
    expect(await inspectSlide(mrxs)).toEqual({
      kind: 'multi-file',
      format: 'mirax',
      files: allFiles(),
      reason:
        'MIRAX slides (.mrxs + folder) are recognised but not yet supported for upload; this slide is made of 5 files. Export it as a single-file slide (e.g. SVS or pyramid TIFF) to upload it.',
      metadata: { vendor: '3DHISTECH', magnification: 20, properties: { 'mirax.SLIDE_ID': '7A1B2C3D' } },
    });
  });

  it('any file of the folder stands for the whole slide', async () => {
    for (const part of allFiles()) {
      expect(await multiFileSlideOf(part)).toEqual({ main: mrxs, format: 'mirax' });
    }
    expect(await inspectSlide(path.join(folder, 'Data0001.dat'))).toMatchObject({
      kind: 'multi-file',
      files: allFiles(),
    });
  });

  it('an .mrxs without its folder is incomplete', async () => {
    await rm(folder, { recursive: true });
    expect(await inspectSlide(mrxs)).toEqual({
      kind: 'incomplete',
      format: 'mirax',
      reason:
        'CMU-1.mrxs is only the index of a MIRAX slide: the folder "CMU-1" that holds the image data is missing; copy the .mrxs together with its folder (both side by side).',
    });
    expect(await multiFileSlideOf(mrxs)).toBeUndefined();
  });

  it('a missing or empty data file makes it incomplete, naming the file', async () => {
    await rm(path.join(folder, 'Data0001.dat'));
    await writeFile(path.join(folder, 'Index.dat'), '');
    expect(await inspectSlide(mrxs)).toMatchObject({
      kind: 'incomplete',
      format: 'mirax',
      reason: expect.stringContaining(
        'in its folder "CMU-1", Data0001.dat is missing and Index.dat is empty',
      ),
    });
  });

  it('a folder without Slidedat.ini is incomplete', async () => {
    await rm(path.join(folder, 'Slidedat.ini'));
    expect(await inspectSlide(mrxs)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('has no Slidedat.ini'),
    });
  });
});

describe('Olympus VSI (.vsi + _folder_)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let vsi: string;
  let ets: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    vsi = path.join(temp.dir, 'Image_01.vsi');
    // The .vsi itself is a small TIFF (overview and metadata).
    await writeFile(vsi, tiffBytes({ levels: [{ width: 800, height: 600, strips: true }] }).bytes);
    const stack = path.join(temp.dir, '_Image_01_', 'stack1');
    await mkdir(stack, { recursive: true });
    ets = path.join(stack, 'frame_t.ets');
    await writeFile(ets, etsBytes());
  });
  afterEach(() => temp.cleanup());

  it('a .vsi with its folder is a multi-file slide listing the .ets image data', async () => {
    expect(await inspectSlide(vsi)).toMatchObject({
      kind: 'multi-file',
      format: 'olympus-vsi',
      files: [vsi, ets],
      reason: expect.stringMatching(
        /^Olympus VSI slides \(\.vsi \+ folder\) are recognised but not yet supported for upload/,
      ),
    });
    expect(await multiFileSlideOf(vsi)).toEqual({ main: vsi, format: 'olympus-vsi' });
    expect(await multiFileSlideOf(ets)).toEqual({ main: vsi, format: 'olympus-vsi' });
    expect(await inspectSlide(ets)).toMatchObject({ kind: 'multi-file', files: [vsi, ets] });
  });

  it('a .vsi without its folder is incomplete', async () => {
    await rm(path.join(temp.dir, '_Image_01_'), { recursive: true });
    expect(await inspectSlide(vsi)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringContaining('the folder "_Image_01_" that holds the image data is missing'),
    });
  });

  it('a cut .ets file makes the slide incomplete', async () => {
    const bytes = etsBytes();
    await writeFile(ets, bytes.subarray(0, 500));
    expect(await inspectSlide(vsi)).toMatchObject({
      kind: 'incomplete',
      format: 'olympus-vsi',
      reason: expect.stringMatching(
        /^frame_t\.ets is cut short: .* \(frame_t\.ets is part of the VSI slide Image_01\.vsi\.\)$/,
      ),
    });
  });
});
