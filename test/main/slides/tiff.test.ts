import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectSlide, type SlideInspection } from '../../../src-main/slides/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tiffBytes, writeTiff, type TiffLevel, type TiffSpec } from '../../helpers/tiff-writer.js';

/** A three-level tiled pyramid, the shape every scanner writes. */
const pyramid = (extra: Partial<TiffLevel> = {}): TiffLevel[] => [
  { width: 4000, height: 3000, ...extra },
  { width: 1000, height: 750 },
  { width: 250, height: 188 },
];

describe('TIFF-based slides (generated)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const inspect = async (name: string, spec: TiffSpec): Promise<SlideInspection> => {
    const file = path.join(temp.dir, name);
    await writeTiff(file, spec);
    return inspectSlide(file);
  };

  it.each([
    { label: 'TIFF, little endian', spec: { levels: pyramid() } },
    { label: 'TIFF, big endian', spec: { levels: pyramid(), bigEndian: true } },
    { label: 'BigTIFF', spec: { levels: pyramid(), bigTiff: true } },
    {
      label: 'BigTIFF, big endian, directories first',
      spec: { levels: pyramid(), bigTiff: true, bigEndian: true, layout: 'ifds-first' as const },
    },
  ])('a valid tiled pyramid ($label) is a generic-tiff slide', async ({ spec }) => {
    const file = path.join(temp.dir, 'pyramid.tif');
    await writeTiff(file, spec);
    expect(await inspectSlide(file)).toEqual({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: {
        width: 4000,
        height: 3000,
        levels: 3,
        bigTiff: spec.bigTiff === true,
        tiled: true,
        compression: 'JPEG',
        properties: { 'tiff.directories': '3' },
      },
      files: [file],
      warnings: [],
    });
  });

  it('reads MPP from XResolution in pixels per centimetre', async () => {
    const result = await inspect('mpp.tif', {
      levels: pyramid({
        tags: [
          { tag: 282, type: 'rational', value: 40_000 },
          { tag: 283, type: 'rational', value: 40_000 },
          { tag: 296, type: 'short', value: 3 },
          { tag: 271, type: 'ascii', value: 'Acme Scanners' },
        ],
      }),
    });
    expect(result).toMatchObject({
      kind: 'slide',
      metadata: { mppX: 0.25, mppY: 0.25, vendor: 'Acme Scanners' },
    });
  });

  it('an Aperio description makes a .tif an aperio-svs slide with AppMag and MPP', async () => {
    const description =
      'Aperio Image Library v12.0.15 \r\n4000x3000 (256x256) JPEG/RGB Q=70|AppMag = 40|StripeWidth = 1000|ScanScope ID = SS1234|MPP = 0.2520|Filename = 1234';
    const result = await inspect('aperio.tif', {
      levels: [
        { width: 4000, height: 3000, description },
        {
          width: 200,
          height: 150,
          strips: true,
          description: 'Aperio Image Library v12.0.15 \r\n4000x3000 -> 200x150 - |AppMag = 40|MPP = 0.2520',
        },
        { width: 1000, height: 750, description },
        {
          width: 500,
          height: 300,
          strips: true,
          subfileType: 1,
          description: 'Aperio Image Library v12.0.15\r\nlabel 500x300',
        },
      ],
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'aperio-svs',
      metadata: {
        width: 4000,
        height: 3000,
        levels: 2, // the stripped thumbnail and label are not levels
        vendor: 'Aperio',
        magnification: 40,
        mppX: 0.252,
        mppY: 0.252,
        properties: expect.objectContaining({ 'aperio.ScanScope ID': 'SS1234' }),
      },
      warnings: [],
    });
  });

  it('a tiled label image is not a level, but a level whose free text mentions "Label = …" is', async () => {
    const aperio = 'Aperio Image Library v12.0.15\r\n4000x3000 [0,0 4000x3000] (256x256) JPEG/RGB Q=70';
    const result = await inspect('labelled.svs', {
      levels: [
        { width: 4000, height: 3000, description: `${aperio}|AppMag = 20|Label = case 17` },
        { width: 1000, height: 750, description: aperio },
        { width: 5000, height: 5000, description: 'Aperio Image Library v12.0.15\r\nlabel 5000x5000' },
      ],
    });
    expect(result).toMatchObject({ kind: 'slide', metadata: { width: 4000, height: 3000, levels: 2 } });
  });

  it('the NDPI format flag (tag 65420) makes a Hamamatsu NDPI slide', async () => {
    const ndpiTags = (lens: number) => [
      { tag: 271, type: 'ascii' as const, value: 'Hamamatsu' },
      { tag: 272, type: 'ascii' as const, value: 'C13210' },
      { tag: 282, type: 'rational' as const, value: 43_478.26 },
      { tag: 283, type: 'rational' as const, value: 43_478.26 },
      { tag: 296, type: 'short' as const, value: 3 },
      { tag: 65420, type: 'long' as const, value: 1 },
      { tag: 65421, type: 'float' as const, value: lens },
    ];
    const result = await inspect('scan.ndpi', {
      levels: [
        { width: 8000, height: 6000, strips: true, tags: ndpiTags(40) },
        { width: 2000, height: 1500, strips: true, tags: ndpiTags(40) },
        { width: 1200, height: 400, strips: true, tags: ndpiTags(-1) }, // the macro image
      ],
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'hamamatsu-ndpi',
      metadata: {
        width: 8000,
        height: 6000,
        levels: 2,
        vendor: 'Hamamatsu',
        magnification: 40,
        mppX: 0.23,
        tiled: false,
      },
      warnings: [],
    });
  });

  it('a Philips DPUfsImport description makes a philips-tiff slide', async () => {
    const description =
      '<?xml version="1.0" encoding="UTF-8" ?><DataObject ObjectType="DPUfsImport"><Attribute Name="DICOM_MANUFACTURER" Group="0x0008" Element="0x0070" PMSVR="IString">PHILIPS</Attribute>' +
      '<Attribute Name="DICOM_PIXEL_SPACING" Group="0x0028" Element="0x0030" PMSVR="IDoubleArray">&quot;0.000227273&quot; &quot;0.000227273&quot;</Attribute></DataObject>';
    const result = await inspect('philips.tiff', {
      levels: pyramid({ description, tags: [{ tag: 305, type: 'ascii', value: 'Philips DP v1.0' }] }),
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'philips-tiff',
      metadata: { vendor: 'Philips', mppX: 0.227273, mppY: 0.227273, levels: 3 },
    });
  });

  it('a Leica SCN XML description makes a leica-scn slide', async () => {
    const description =
      '<?xml version="1.0"?><scn xmlns="http://www.leica-microsystems.com/scn/2010/10/01"><collection name="x" sizeX="20000" sizeY="40000">' +
      '<image name="macro"><view sizeX="20000000" sizeY="40000000" offsetX="0" offsetY="0"/><pixels sizeX="1000" sizeY="2000"><dimension sizeX="1000" sizeY="2000" r="0" ifd="0"/></pixels></image>' +
      '<image name="main"><scanSettings><objectiveSettings><objective>20</objective></objectiveSettings></scanSettings><view sizeX="2000000" sizeY="1500000" offsetX="0" offsetY="0"/>' +
      '<pixels sizeX="4000" sizeY="3000"><dimension sizeX="4000" sizeY="3000" r="0" ifd="1"/><dimension sizeX="1000" sizeY="750" r="1" ifd="2"/><dimension sizeX="250" sizeY="188" r="2" ifd="3"/></pixels></image></collection></scn>';
    const result = await inspect('leica.scn', {
      levels: [{ width: 1000, height: 2000, description }, ...pyramid()],
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'leica-scn',
      metadata: {
        width: 4000,
        height: 3000,
        levels: 3,
        vendor: 'Leica',
        magnification: 20,
        mppX: 0.5,
        mppY: 0.5,
      },
    });
  });

  it('a Ventana iScan XMLPacket and "level=" descriptions make a ventana-bif slide', async () => {
    const xmlPacket =
      '<?xml version="1.0"?><iScan Magnification="40" ScanRes="0.2325" UnitNumber="BI10N0294"></iScan>';
    const result = await inspect('ventana.bif', {
      levels: [
        { width: 600, height: 400, strips: true, description: 'Label Image' },
        {
          width: 4000,
          height: 3000,
          description: 'level=0 mag=40 quality=90',
          tags: [{ tag: 700, type: 'byte', value: Buffer.from(xmlPacket) }],
        },
        { width: 1000, height: 750, description: 'level=1 mag=10 quality=90' },
      ],
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'ventana-bif',
      metadata: {
        width: 4000,
        height: 3000,
        levels: 2,
        vendor: 'Roche Ventana',
        magnification: 40,
        mppX: 0.2325,
      },
    });
  });

  it('a small flat (untiled, single-image) TIFF is a generic-tiff slide with a "not a pyramid" warning', async () => {
    const result = await inspect('flat.tif', {
      levels: [{ width: 640, height: 480, strips: true, rowsPerStrip: 16, compression: 1 }],
    });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'generic-tiff',
      metadata: { width: 640, height: 480, levels: 1, tiled: false, compression: 'none' },
      warnings: [expect.stringMatching(/^flat\.tif is a single flat image, not a pyramid/)],
    });
  });

  it('a directory chain that loops back on itself is refused as damaged', async () => {
    const result = await inspect('loop.tif', { levels: pyramid(), loopBackTo: 1 });
    expect(result).toMatchObject({ kind: 'incomplete', format: 'generic-tiff' });
    if (result.kind === 'incomplete') {
      expect(result.reason).toMatch(
        /^loop\.tif is a damaged TIFF file: its list of images loops back on itself/,
      );
      expect(result.reason).toMatch(/copy the slide again/i);
    }
  });

  it('a directory pointing at itself is a loop too', async () => {
    const result = await inspect('self.tif', { levels: [{ width: 300, height: 300 }], loopBackTo: 0 });
    expect(result).toMatchObject({ kind: 'incomplete', reason: expect.stringContaining('loops back') });
  });

  it('a pointer to an impossible position (beyond any real file) is damage, not a cut', async () => {
    const { bytes, layout } = tiffBytes({ bigTiff: true, levels: pyramid() });
    const ifd = layout.ifds[0];
    if (!ifd) throw new Error('no directory');
    // Entry 10 of the first directory is TileOffsets (tags ascending: 254 256 257 258 259 262 277 284 322
    // 323 324 …); point its table at byte 2^60.
    bytes.writeBigUInt64LE(2n ** 60n, ifd.offset + 8 + 10 * 20 + 12);
    const file = path.join(temp.dir, 'garbage.tif');
    await writeFile(file, bytes);
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringMatching(
        /^garbage\.tif is a damaged TIFF file: it places the tile offsets of image 1, far beyond the size of any real slide file/,
      ),
    });
  });

  it('a tile table shorter than the image needs is refused as damaged', async () => {
    const result = await inspect('short-table.tif', { levels: pyramid({ dropLastPiece: true }) });
    expect(result).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('image 1 lists 191 of the 192 tiles it should have'),
    });
  });

  it('a header whose first directory pointer is still 0 is "not finished yet"', async () => {
    const { bytes } = tiffBytes({ levels: pyramid() });
    bytes.writeUInt32LE(0, 4);
    const file = path.join(temp.dir, 'writing.svs');
    await writeFile(file, bytes);
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      format: 'aperio-svs',
      reason: expect.stringMatching(/^writing\.svs is not finished yet: it has no image directory yet/),
    });
  });

  it('tiles whose offsets are still 0 (written later by the scanner) are "not finished yet"', async () => {
    const { bytes, layout } = tiffBytes({ levels: pyramid(), layout: 'ifds-first' });
    // Zero the first tile offset of level 1: find it in the tile-offsets table (tag 324 data).
    const firstTile = layout.pieces[0]?.start ?? 0;
    const at = bytes.indexOf(Buffer.from(new Uint32Array([firstTile]).buffer), layout.headerSize);
    bytes.writeUInt32LE(0, at);
    const file = path.join(temp.dir, 'partial.tif');
    await writeFile(file, bytes);
    expect(await inspectSlide(file)).toMatchObject({
      kind: 'incomplete',
      reason: expect.stringContaining('1 of the 192 tiles of image 1 have not been written yet'),
    });
  });

  it('names a vendor mismatch: a plain TIFF named .ndpi', async () => {
    const result = await inspect('odd.ndpi', { levels: pyramid() });
    expect(result).toMatchObject({
      kind: 'slide',
      format: 'generic-tiff',
      warnings: [expect.stringContaining('named like a Hamamatsu NDPI file')],
    });
  });

  it('a TIFF with an unknown compression code is accepted with a warning', async () => {
    const result = await inspect('odd.tif', { levels: pyramid({ compression: 60_000 }) });
    expect(result).toMatchObject({
      kind: 'slide',
      metadata: { compression: 'unknown (60000)' },
      warnings: [expect.stringContaining('unrecognised compression scheme (code 60000)')],
    });
  });

  it('reads only headers, directories and tables: a few small reads of a 20 MB file', async () => {
    const file = path.join(temp.dir, 'roomy.tif');
    await writeTiff(file, { levels: pyramid({ bytesPerPiece: 100_000 }) });
    const stats = { reads: 0, bytesRead: 0 };
    expect(await inspectSlide(file, { stats })).toMatchObject({ kind: 'slide' });
    // Reads come in 64 KB windows (one round trip on a network share for neighbouring small reads).
    expect(stats.bytesRead).toBeLessThan(4 * 64 * 1024);
    expect(stats.reads).toBeLessThan(10);
  });
});
