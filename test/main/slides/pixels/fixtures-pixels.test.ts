import { describe, expect, it } from 'vitest';
import { checkPixels } from '../../../../src-main/slides/pixels/index.js';
import { qcSlide } from '../../../../src-main/slides/qc.js';
import { fixturePath, hasSharedFixtures } from '../../../helpers/shared-fixtures.js';

/** The shared sample slides (../shared/fixtures/slides), when present. */
const slide = (name: string) => fixturePath('slides', name);

describe.skipIf(!hasSharedFixtures)('pixel QC of the shared sample slides', () => {
  it('unreadable.svs (intact structure, corrupt JPEG tile) is refused, naming the tile', async () => {
    expect(await qcSlide(slide('unreadable.svs'))).toMatchObject({
      kind: 'incomplete',
      format: 'aperio-svs',
      reason:
        'unreadable.svs is a damaged Aperio SVS file: tile (0, 0) of level 0 (full resolution) cannot be decoded (Bogus marker length): the image data is damaged. Copy the slide again from the scanner; if the new copy is refused too, the scanner’s own file is damaged — ask for the slide to be re-exported or re-scanned.',
      detail: expect.stringContaining('Bogus marker length'),
    });
  });

  it('unopenable.tiff (compression 52479, which no reader decodes) is refused', async () => {
    expect(await qcSlide(slide('unopenable.tiff'))).toMatchObject({
      kind: 'incomplete',
      format: 'generic-tiff',
      reason: expect.stringMatching(
        /^unopenable\.tiff cannot be used: its image data is stored with compression code 52479, which is not a known image compression/,
      ),
    });
  });

  it('small.svs passes: its one level decoded whole, the thumbnail page not taken for a level', async () => {
    expect(await qcSlide(slide('small.svs'))).toMatchObject({
      kind: 'slide',
      format: 'aperio-svs',
      warnings: [],
      pixels: { levels: [{ level: 0, width: 16, height: 16, tilesDecoded: 1, whole: true }] },
    });
  });

  it('boxes.tiff passes, with its four levels', async () => {
    const result = await qcSlide(slide('boxes.tiff'));
    expect(result).toMatchObject({ kind: 'slide', format: 'generic-tiff', warnings: [] });
    if (result.kind === 'slide')
      expect(result.pixels?.levels.map((level) => [level.width, level.height])).toEqual([
        [300, 250],
        [150, 125],
        [75, 62],
        [37, 31],
      ]);
  });

  it('a cut-short slide keeps its structural refusal; a DICOM file is not decoded', async () => {
    expect(await qcSlide(slide('truncated.svs'))).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('is cut short'),
    });
    const dicom = await qcSlide(slide('boxes_0.dcm'));
    expect(dicom.kind === 'slide' ? dicom.pixels : 'not a slide').toBeUndefined();
  });

  it('an aborted signal stops QC with the abort, not a verdict', async () => {
    await expect(qcSlide(slide('small.svs'), { signal: AbortSignal.abort() })).rejects.toThrow();
    const inspection = await qcSlide(slide('boxes.tiff'));
    await expect(
      checkPixels(slide('boxes.tiff'), inspection, { signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });

  it('a slide that vanished before its pixels were read is unreadable, not damaged', async () => {
    const inspection = await qcSlide(slide('small.svs'));
    expect(await checkPixels(fixturePath('slides', 'gone.svs'), inspection)).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringContaining('no longer exists'),
    });
  });
});
