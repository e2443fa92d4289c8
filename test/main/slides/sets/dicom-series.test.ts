import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide } from '../../../../src-main/slides/index.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { tilesFor, wsiInstance, type WsiInstance } from './wsi-dicom.js';

const SERIES = '1.2.826.0.1.3680043.10.77.1';

describe('DICOM series QC: every instance present and consistent', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    folder = path.join(temp.dir, 'series');
    await mkdir(folder);
  });
  afterEach(() => temp.cleanup());

  let sop = 0;
  const write = async (name: string, spec: Partial<WsiInstance> = {}) => {
    const file = path.join(folder, name);
    sop += 1;
    await writeFile(file, wsiInstance({ series: SERIES, sop: `${SERIES}.${sop}`, ...spec }));
    return file;
  };
  const base = { totalColumns: 2048, totalRows: 1024, spacingMm: 0.00025 };
  const level1 = { totalColumns: 1024, totalRows: 512, spacingMm: 0.0005, derivation: 'RESAMPLED' };

  it('a pyramid with label, overview and thumbnail is one slide; the pictures are named in the metadata', async () => {
    const main = await write('level-0.dcm', base);
    await write('level-1.dcm', level1);
    await write('label.dcm', {
      role: 'LABEL',
      totalColumns: 300,
      totalRows: 200,
      organization: 'TILED_SPARSE',
      frames: 1,
    });
    await write('overview.dcm', { role: 'OVERVIEW', totalColumns: 600, totalRows: 200, spacingMm: 0.02 });
    await write('thumb.dcm', { role: 'THUMBNAIL', totalColumns: 256, totalRows: 128, spacingMm: 0.002 });
    await writeFile(path.join(folder, 'notes.txt'), 'not part of the slide');

    const result = await inspectSlide(path.join(folder, 'label.dcm'));
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'dicom',
      metadata: {
        width: 2048,
        height: 1024,
        levels: 2,
        properties: {
          'dicom.label': 'label.dcm',
          'dicom.overview': 'overview.dcm',
          'dicom.thumbnail': 'thumb.dcm',
          'dicom.instances': '5',
        },
      },
    });
    if (result.kind !== 'slide') return;
    // Main (the full-resolution level) first, then by entry name, relative to the series folder.
    expect(result.members?.map((member) => member.entryName)).toEqual([
      'level-0.dcm',
      'label.dcm',
      'level-1.dcm',
      'overview.dcm',
      'thumb.dcm',
    ]);
    expect(result.files[0]).toBe(main);
  });

  it('the same instance twice (a copy) is refused, naming both files', async () => {
    await write('level-0.dcm', base);
    const level = await write('level-1.dcm', level1);
    await copyFile(level, path.join(folder, 'level-1 (copy).dcm'));
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toEqual({
      kind: 'incomplete',
      format: 'dicom',
      reason:
        'level-1 (copy).dcm and level-1.dcm are the same DICOM image twice (the same SOP Instance UID): one is a copy of the other. Remove the extra copy from the folder, then add the slide again.',
    });
  });

  describe('concatenations (one image split over several files)', () => {
    const whole = tilesFor(base);
    const part = (number: number, total: number, frames: number, extra: Partial<WsiInstance> = {}) => ({
      ...base,
      frames,
      concatenation: { uid: `${SERIES}.99`, number, total },
      ...extra,
    });

    it('all parts present is one slide with one level', async () => {
      await write('l0-1.dcm', part(1, 2, whole / 2));
      await write('l0-2.dcm', part(2, 2, whole / 2));
      expect(await inspectSlide(path.join(folder, 'l0-2.dcm'))).toMatchObject({
        kind: 'slide',
        metadata: { levels: 1, properties: { 'dicom.instances': '2' } },
      });
    });

    it('a missing part is refused, naming the parts that are here and the part that is not', async () => {
      await write('l0-1.dcm', part(1, 3, whole / 4));
      await write('l0-3.dcm', part(3, 3, whole / 4));
      expect(await inspectSlide(path.join(folder, 'l0-1.dcm'))).toMatchObject({
        kind: 'incomplete',
        reason: expect.stringContaining(
          'one of its images is split over 3 files, but only l0-1.dcm, l0-3.dcm are here — part 2 of 3 is missing.',
        ),
      });
    });

    it('parts that disagree about the image size are refused', async () => {
      await write('l0-1.dcm', part(1, 2, whole / 2));
      await write('l0-2.dcm', part(2, 2, whole / 2, { totalColumns: 4096 }));
      expect(await inspectSlide(path.join(folder, 'l0-1.dcm'))).toMatchObject({
        kind: 'incomplete',
        reason: expect.stringContaining(
          'l0-1.dcm and l0-2.dcm are parts of one image split over several files, but they disagree about the image size (2048×1024 and 4096×1024 pixels)',
        ),
      });
    });

    it('two files claiming the same part are refused', async () => {
      await write('l0-1.dcm', part(1, 2, whole / 2));
      await write('l0-1b.dcm', part(1, 2, whole / 2));
      expect(await inspectSlide(path.join(folder, 'l0-1.dcm'))).toMatchObject({
        kind: 'incomplete',
        reason: expect.stringContaining('both say they are part 1'),
      });
    });

    it('TILED_FULL parts whose frames do not add up to the tiles of the image are refused', async () => {
      await write('l0-1.dcm', part(1, 2, whole / 2));
      await write('l0-2.dcm', part(2, 2, whole / 2 - 1));
      expect(await inspectSlide(path.join(folder, 'l0-1.dcm'))).toMatchObject({
        kind: 'incomplete',
        reason: expect.stringContaining(
          `l0-1.dcm, l0-2.dcm are damaged DICOM files: they are one image of 2048×1024 pixels in 256×256-pixel tiles, which makes ${whole} tiles, but together they say they hold ${whole - 1}.`,
        ),
      });
    });
  });

  it('fewer image fragments than NumberOfFrames is refused, naming the file', async () => {
    await write('level-0.dcm', base);
    await write('level-1.dcm', { ...level1, fragments: 3 });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'level-1.dcm is a damaged DICOM file: its header says it holds 8 tiles (frames) but its image data holds only 3.',
      ),
    });
  });

  it('an offset table with the wrong number of entries is refused', async () => {
    await write('level-0.dcm', { ...base, offsetTable: 5 });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'its header says it holds 32 tiles (frames) but its offset table lists 5',
      ),
    });
  });

  it('an offset table with one entry per frame passes', async () => {
    await write('level-0.dcm', { ...base, offsetTable: 32 });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({ kind: 'slide' });
  });

  it('native image data shorter than its frames is refused', async () => {
    await write('level-0.dcm', { ...base, organization: 'TILED_SPARSE', frames: 3, nativeFrames: 2 });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'its header says it holds 3 tiles (frames) but its image data holds only 2',
      ),
    });
  });

  it('TILED_FULL with a frame count that does not fit the matrix is refused; TILED_SPARSE is not held to it', async () => {
    await write('level-0.dcm', { ...base, frames: 7, fragments: 7 });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'level-0.dcm is a damaged DICOM file: its image is 2048×1024 pixels in 256×256-pixel tiles, which makes 32 tiles, but it says it holds 7.',
      ),
    });
    await write('level-0.dcm', { ...base, frames: 7, organization: 'TILED_SPARSE' });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({ kind: 'slide' });
  });

  it('two instances of one level (same pixel spacing) with conflicting sizes are refused, naming both', async () => {
    await write('a.dcm', base);
    await write('b.dcm', { ...base, totalColumns: 2304, organization: 'TILED_SPARSE' });
    expect(await inspectSlide(path.join(folder, 'a.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'b.dcm and a.dcm disagree about the size of the same image level (2304×1024 and 2048×1024 pixels)',
      ),
    });
  });

  it('only a label is not a slide to send: the image is missing', async () => {
    await write('label.dcm', { role: 'LABEL', organization: 'TILED_SPARSE', frames: 1 });
    expect(await inspectSlide(path.join(folder, 'label.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('its folder holds only label or overview pictures (label.dcm)'),
    });
  });

  it('only reduced levels: the full-resolution file is missing', async () => {
    await write('level-1.dcm', level1);
    await write('level-2.dcm', { ...level1, totalColumns: 512, totalRows: 256, spacingMm: 0.001 });
    expect(await inspectSlide(path.join(folder, 'level-1.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('the file with the full-resolution image is missing'),
    });
  });

  it('absurd frame counts are refused without a hang', async () => {
    await write('level-0.dcm', {
      ...base,
      organization: 'TILED_SPARSE',
      frames: 2_000_000_000,
      fragments: 2,
    });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'its header says it holds 2,000,000,000 tiles (frames) but its image data holds only 2',
      ),
    });
  });

  it('absurd sizes are refused without a hang', async () => {
    await write('level-0.dcm', {
      totalColumns: 0xffffffff,
      totalRows: 0xffffffff,
      tile: 1,
      frames: 4,
      fragments: 4,
    });
    expect(await inspectSlide(path.join(folder, 'level-0.dcm'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        'level-0.dcm is a damaged DICOM file: its image is 4294967295×4294967295 pixels',
      ),
    });
  });
});
