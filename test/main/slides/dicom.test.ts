import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { CT_SOP_CLASS, dicomBytes, type DicomSpec } from './generators/dicom-writer.js';

const SERIES = '1.2.826.0.1.3680043.10.99.1';
const OTHER_SERIES = '1.2.826.0.1.3680043.10.99.2';

describe('DICOM whole-slide images (generated Part-10 files)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const bytesFor = (name: string, spec: Partial<DicomSpec>) =>
    dicomBytes({
      seriesInstanceUid: SERIES,
      sopInstanceUid: `${SERIES}.${name.length}.${name.charCodeAt(0)}`,
      ...spec,
    });
  const write = async (name: string, spec: Partial<DicomSpec>, cut?: number) => {
    const file = path.join(temp.dir, name);
    const bytes = bytesFor(name, spec);
    await writeFile(file, cut === undefined ? bytes : bytes.subarray(0, cut));
    return file;
  };

  it('two instances of one series are ONE slide, from either file, main = the base level', async () => {
    const label = await write('a-label.dcm', {
      imageType: 'ORIGINAL\\PRIMARY\\LABEL\\NONE',
      totalColumns: 300,
      totalRows: 200,
    });
    const base = await write('level0.dcm', { totalColumns: 40_000, totalRows: 30_000, frames: 12 });
    await write('other-slide.dcm', { seriesInstanceUid: OTHER_SERIES });
    await writeFile(path.join(temp.dir, 'notes.txt'), 'not dicom');

    for (const file of [label, base]) {
      expect(await inspectSlide(file)).toEqual({
        kind: 'slide',
        format: 'dicom',
        files: [base, label],
        members: [
          expect.objectContaining({ path: base, entryName: 'level0.dcm' }),
          expect.objectContaining({ path: label, entryName: 'a-label.dcm' }),
        ],
        warnings: [],
        metadata: {
          width: 40_000,
          height: 30_000,
          levels: 1,
          vendor: 'Test Scanner Co',
          magnification: 20,
          mppX: 0.25,
          mppY: 0.25,
          tiled: true,
          compression: 'JPEG',
          properties: {
            'dicom.SeriesInstanceUID': SERIES,
            'dicom.StudyInstanceUID': '1.2.826.0.1.3680043.10.1',
            'dicom.TransferSyntaxUID': '1.2.840.10008.1.2.4.50',
            'dicom.instances': '2',
            'dicom.label': 'a-label.dcm',
          },
        },
      });
      expect(await multiFileSlideOf(file)).toEqual({ main: base, format: 'dicom' });
    }
  });

  it('reads implicit VR little endian and native pixel data', async () => {
    const file = await write('implicit.dcm', { implicitVr: true, totalColumns: 2048, totalRows: 1024 });
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'slide',
      format: 'dicom',
      files: [file],
      members: [expect.objectContaining({ path: file, entryName: 'implicit.dcm' })],
      metadata: { width: 2048, height: 1024, mppX: 0.25, magnification: 20, compression: 'none' },
    });
  });

  it('a DICOM object that is not a whole-slide image is not a slide', async () => {
    const file = await write('ct.dcm', { sopClassUid: CT_SOP_CLASS });
    expect(await inspectSlide(file)).toEqual({
      kind: 'not-a-slide',
      reason:
        'ct.dcm is not a slide scan (it looks like a DICOM CT image, not a whole-slide image), so it was skipped.',
    });
    expect(await multiFileSlideOf(file)).toBeUndefined();
  });

  it.each([
    { label: 'inside the file meta header', cut: 150 },
    { label: 'inside the dataset', cut: 420 },
    { label: 'inside the encapsulated pixel data', cut: -40 },
    { label: 'just before the closing delimiter', cut: -8 },
  ])('an instance cut $label is incomplete', async ({ cut }) => {
    const whole = bytesFor('cut.dcm', {});
    const at = cut < 0 ? whole.length + cut : cut;
    const file = await write('cut.dcm', {}, at);
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      format: 'dicom',
      reason: expect.stringMatching(
        /^cut\.dcm is cut short: its image data should run at least to byte [\d,]+ but the file ends at byte [\d,]+\./,
      ),
    });
  });

  it('native pixel data cut short names the exact end', async () => {
    const whole = bytesFor('native.dcm', { pixelData: 'native' });
    const file = await write('native.dcm', { pixelData: 'native' }, whole.length - 100);
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining(
        `should run to byte ${whole.length.toLocaleString('en-US')} but the file ends at byte ${(whole.length - 100).toLocaleString('en-US')}`,
      ),
    });
  });

  it('a cut sibling instance makes the whole slide incomplete, naming that file', async () => {
    const good = await write('level0.dcm', { totalColumns: 4000, totalRows: 3000 });
    const whole = dicomBytes({
      seriesInstanceUid: SERIES,
      sopInstanceUid: `${SERIES}.9`,
      imageType: 'ORIGINAL\\PRIMARY\\VOLUME\\NONE',
    });
    await writeFile(path.join(temp.dir, 'level1.dcm'), whole.subarray(0, whole.length - 30));
    expect(await inspectSlide(good)).toMatchObject({
      kind: 'incomplete',
      format: 'dicom',
      reason: expect.stringMatching(
        /^level1\.dcm is cut short: .*\(level1\.dcm is part of the same DICOM slide as level0\.dcm\.\)$/,
      ),
    });
  });

  it('is incomplete at every cut after the DICM marker, and never throws', async () => {
    const whole = bytesFor('sweep.dcm', { frames: 3, bytesPerFrame: 40 });
    const unexpected: string[] = [];
    for (let cut = 132; cut < whole.length; cut += 1) {
      const file = path.join(temp.dir, 'sweep.dcm');
      await writeFile(file, whole.subarray(0, cut));
      const result = await inspectSlide(file);
      if (result.kind !== 'incomplete') unexpected.push(`${cut}: ${JSON.stringify(result)}`);
    }
    expect(unexpected).toEqual([]);
  });

  it('a whole-slide instance without pixel data is incomplete', async () => {
    const file = await write('nopixels.dcm', { pixelData: 'none' });
    expect(await inspectSlide(file)).toMatchObject({ kind: 'incomplete', format: 'dicom' });
  });
});
