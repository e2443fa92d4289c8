import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, multiFileSlideOf } from '../../../src-main/slides/index.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The shared slide fixtures (OpenSlide's test files). Expected numbers were checked by hand with
 * `openslide-show-properties`, `tiffinfo` and `tiffdump`.
 */
describe.skipIf(!hasSharedFixtures)('shared slide fixtures', () => {
  const fixture = (name: string) => fixturePath('slides', name);

  // openslide: vendor aperio, level-count 1, level[0] 16×16 (64×64 tiles), objective-power 20, mpp 0.499.
  const smallSvs = {
    kind: 'slide',
    format: 'aperio-svs',
    metadata: expect.objectContaining({
      width: 16,
      height: 16,
      levels: 1,
      vendor: 'Aperio',
      magnification: 20,
      mppX: 0.499,
      mppY: 0.499,
      bigTiff: false,
      tiled: true,
      compression: 'JPEG',
      properties: expect.objectContaining({
        'aperio.AppMag': '20',
        'aperio.MPP': '0.4990',
        'aperio.ScanScope ID': 'CPAPERIOCS',
        'tiff.directories': '2',
      }),
    }),
    warnings: [],
  };

  it('small.svs is an Aperio slide, 16×16, AppMag 20, MPP 0.499', async () => {
    const result = await inspectSlide(fixture('small.svs'));
    expect(result).toMatchObject({ ...smallSvs, files: [fixture('small.svs')] });
  });

  it('😐.svs (a non-ASCII name) gives the same result', async () => {
    const result = await inspectSlide(fixture('😐.svs'));
    expect(result).toMatchObject({ ...smallSvs, files: [fixture('😐.svs')] });
  });

  it('truncated.svs (the first 1,800 bytes of small.svs) is incomplete, naming the cut', async () => {
    const result = await inspectSlide(fixture('truncated.svs'));
    expect(result).toMatchObject({ kind: 'incomplete', format: 'aperio-svs' });
    if (result.kind !== 'incomplete') return;
    // small.svs is 2,651 bytes: the second directory's description and JPEG tables run to its end.
    expect(result.reason).toBe(
      'truncated.svs is cut short: its image data should run to byte 2,651 but the file ends at byte 1,800. The copy is incomplete — copy the slide again from the scanner.',
    );
    expect(result.detail).toContain('image description of image 2');
  });

  it('unreadable.svs (intact structure, corrupt tile bytes) passes: pixels are never decoded', async () => {
    // OpenSlide opens it but fails reading a tile. We check structure only, by design: decoding every tile
    // of a multi-GB slide before upload would take minutes; the service reports undecodable tiles.
    const result = await inspectSlide(fixture('unreadable.svs'));
    expect(result).toMatchObject({ ...smallSvs, files: [fixture('unreadable.svs')] });
  });

  it('boxes.tiff is a generic tiled pyramid TIFF: 300×250 in 4 levels', async () => {
    const result = await inspectSlide(fixture('boxes.tiff'));
    expect(result).toEqual({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: {
        width: 300,
        height: 250,
        levels: 4,
        bigTiff: false,
        tiled: true,
        compression: 'Deflate',
        properties: { 'tiff.directories': '4' },
      },
      files: [fixture('boxes.tiff')],
      // 28.35 pixels/cm (72 dpi) is a default, not a microscope resolution: no MPP is reported.
      warnings: [],
    });
  });

  it('unopenable.tiff is structurally whole but uses an unknown compression: a slide with warnings', async () => {
    // tiffinfo/xxd: one tiled directory, 1×1 pixel in one 512×512 tile (786 bytes at byte 8, ending exactly
    // where the directory starts at 794), Compression = 52479 (0xCCFF), a code no TIFF library knows.
    // OpenSlide refuses it ("Unsupported TIFF compression: 52479"). Every pointer lies inside the file, so
    // it is not incomplete; the compression is only metadata we cannot vouch for. We accept it as a
    // generic TIFF and say so plainly, so the technician is warned before uploading.
    const result = await inspectSlide(fixture('unopenable.tiff'));
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: { width: 1, height: 1, levels: 1, tiled: true, compression: 'unknown (52479)' },
    });
    if (result.kind !== 'slide') return;
    expect(result.warnings).toEqual([
      expect.stringContaining('unrecognised compression scheme (code 52479)'),
      expect.stringContaining('not a pyramid'),
    ]);
  });

  describe('boxes_0.dcm + boxes_1.dcm (a DICOM whole-slide series)', () => {
    let temp: Awaited<ReturnType<typeof makeTempDir>>;
    beforeEach(async () => {
      temp = await makeTempDir();
      for (const name of ['boxes_0.dcm', 'boxes_1.dcm'])
        await copyFile(fixture(name), path.join(temp.dir, name));
    });
    afterEach(() => temp.cleanup());

    it.each(['boxes_0.dcm', 'boxes_1.dcm'])(
      '%s → one DICOM slide whose members are both files, the thumbnail named',
      async (name) => {
        const main = path.join(temp.dir, 'boxes_0.dcm');
        const result = await inspectSlide(path.join(temp.dir, name));
        expect(result).toMatchObject({
          kind: 'slide',
          format: 'dicom',
          // boxes_0 is the VOLUME image; boxes_1 the THUMBNAIL.
          files: [main, path.join(temp.dir, 'boxes_1.dcm')],
          members: [
            expect.objectContaining({ path: main, entryName: 'boxes_0.dcm' }),
            expect.objectContaining({ path: path.join(temp.dir, 'boxes_1.dcm'), entryName: 'boxes_1.dcm' }),
          ],
          metadata: {
            width: 16,
            height: 16,
            levels: 1,
            vendor: 'Leica Biosystems',
            magnification: 20,
            mppX: 0.499,
            mppY: 0.499,
            compression: 'JPEG',
            properties: expect.objectContaining({
              'dicom.SeriesInstanceUID': '1.3.6.1.4.1.5962.99.1.1747645553.419656796.1689669825649.4.0',
              'dicom.instances': '2',
              'dicom.thumbnail': 'boxes_1.dcm',
            }),
          },
        });
        expect(await multiFileSlideOf(path.join(temp.dir, name))).toEqual({ main, format: 'dicom' });
      },
    );
  });
});
