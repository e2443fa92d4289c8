import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { miraxIndex, zipOrder, type BuiltSet, type Entry } from './slide-sets.js';

/**
 * A MIRAX slide Debian's OpenSlide (3.4.1) opens: a 512×512 level 0 of four 256-pixel JPEG images (2×2 camera
 * images, one division per side, no overlap, so no position buffer is needed), a 256-pixel level 1 (the four
 * concatenated), and in the "Scan data layer" a macro (ScanDataLayer_SlideThumbnail), a label
 * (ScanDataLayer_SlideBarcode) and a thumbnail (ScanDataLayer_SlidePreview), each a JPEG of a flat colour of
 * MIRAX_COLOURS in Data0001.dat, then a "ScanDataLayer_XMLInfoHeader" record (scan settings as XML, naming the
 * operator and the case: MIRAX_XML_INFO). [GENERAL] carries the identifying values of MIRAX_IDENTIFYING, and the
 * .mrxs is a small JPEG (what scanners write there).
 */

export const MIRAX_COLOURS = {
  label: [220, 40, 40],
  macro: [40, 60, 200],
  thumbnail: [40, 160, 80],
  /** The four level-0 images, by image number (x + 2y). */
  tiles: [
    [250, 200, 200],
    [200, 250, 200],
    [200, 200, 250],
    [250, 250, 200],
  ],
} as const;

export const MIRAX_IDENTIFYING = {
  slideName: 'CASE-4711 Jane Doe',
  projectName: 'Oncology study Mercy-12',
  created: '07/12/2026 08:15:42',
} as const;

/** What the XMLInfoHeader record names: text found nowhere else in the set. */
export const MIRAX_XML_INFO = {
  operator: 'Operator Dr Xavier Quill',
  caseId: 'XML-CASE-2026-00417',
} as const;

const xmlInfoBytes = () =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><ScanInfo><Operator>${MIRAX_XML_INFO.operator}</Operator>` +
      `<CaseId>${MIRAX_XML_INFO.caseId}</CaseId><Profile>HE 20x</Profile></ScanInfo>`,
    'utf8',
  );

export interface RealMiraxOptions {
  slideId?: string;
  /** Rewrites Slidedat.ini before it is written. */
  slidedat?: (text: string) => string;
  /** Leaves out the thumbnail value. */
  noThumbnail?: boolean;
  /** Bytes no record points to after the pyramid in Data0000.dat (a multi-MiB set for multipart uploads). */
  paddingBytes?: number;
}

export interface RealMirax extends BuiltSet {
  /** Where each picture lies in Data0001.dat (file number 1). */
  pictures: Record<'macro' | 'label' | 'thumbnail', Entry>;
  /** Where the XMLInfoHeader record lies in Data0001.dat. */
  xmlInfo: Entry;
  /** The level-0 tiles in Data0000.dat (file number 0). */
  tiles: Entry[];
}

const jpeg = (rgb: readonly number[], width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: { r: rgb[0]!, g: rgb[1]!, b: rgb[2]! } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

export async function buildRealMirax(
  dir: string,
  name: string,
  options: RealMiraxOptions = {},
): Promise<RealMirax> {
  const slideId = options.slideId ?? '7a1c2d3e4f5061728394a5b6c7d8e9f0';
  const main = path.join(dir, `${name}.mrxs`);
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(main, await jpeg([128, 128, 128], 64, 16));

  // Data0000.dat: the four level-0 images, then the level-1 image.
  const tileJpegs = await Promise.all(MIRAX_COLOURS.tiles.map((rgb) => jpeg(rgb, 256, 256)));
  const levelOne = await sharp({
    create: { width: 256, height: 256, channels: 3, background: { r: 225, g: 225, b: 225 } },
  })
    .jpeg()
    .toBuffer();
  const tiles: Entry[] = [];
  let at = 0;
  for (const [image, bytes] of tileJpegs.entries()) {
    tiles.push({ file: 0, offset: at, length: bytes.length, image });
    at += bytes.length;
  }
  const levelOneEntry: Entry = { file: 0, offset: at, length: levelOne.length, image: 0 };
  const padding = Buffer.alloc(options.paddingBytes ?? 0, 0x5a);
  await writeFile(path.join(folder, 'Data0000.dat'), Buffer.concat([...tileJpegs, levelOne, padding]));

  // Data0001.dat: macro, label, thumbnail, with a little padding between them as scanners leave.
  const kinds = ['macro', 'label', 'thumbnail'] as const;
  const sizes = { macro: [300, 100], label: [100, 100], thumbnail: [120, 120] } as const;
  const blobs = await Promise.all(
    kinds.map((kind) => jpeg(MIRAX_COLOURS[kind], sizes[kind][0], sizes[kind][1])),
  );
  const pad = Buffer.alloc(16);
  const pictures = {} as RealMirax['pictures'];
  const parts: Buffer[] = [];
  at = 0;
  for (const [index, kind] of kinds.entries()) {
    parts.push(pad);
    at += pad.length;
    pictures[kind] = { file: 1, offset: at, length: blobs[index]!.length };
    parts.push(blobs[index]!);
    at += blobs[index]!.length;
  }
  parts.push(pad);
  at += pad.length;
  const xml = xmlInfoBytes();
  const xmlInfo: Entry = { file: 1, offset: at, length: xml.length };
  parts.push(xml);
  await writeFile(path.join(folder, 'Data0001.dat'), Buffer.concat([...parts, pad]));

  const values = options.noThumbnail ? kinds.slice(0, 2) : kinds;
  const index = miraxIndex(
    slideId,
    [tiles, [levelOneEntry]],
    [...values.map((kind) => [pictures[kind]]), [xmlInfo]],
    { entriesPerPage: 4, loop: false },
  );
  await writeFile(path.join(folder, 'Index.dat'), index);
  const slidedat = realSlidedat(slideId, values);
  await writeFile(path.join(folder, 'Slidedat.ini'), (options.slidedat ?? ((text) => text))(slidedat));
  return { main, folder, members: await zipOrder(dir, main, folder), pictures, xmlInfo, tiles };
}

const VALUE_NAMES = {
  macro: ['ScanDataLayer_SlideThumbnail', 'THUMBNAIL_IMAGE_TYPE'],
  label: ['ScanDataLayer_SlideBarcode', 'BARCODE_IMAGE_TYPE'],
  thumbnail: ['ScanDataLayer_SlidePreview', 'PREVIEW_IMAGE_TYPE'],
} as const;

function realSlidedat(slideId: string, values: ReadonlyArray<keyof typeof VALUE_NAMES>): string {
  const lines = [
    '[GENERAL]',
    'SLIDE_VERSION = 01.03',
    `SLIDE_ID = ${slideId}`,
    `SLIDE_NAME = ${MIRAX_IDENTIFYING.slideName}`,
    `PROJECT_NAME = ${MIRAX_IDENTIFYING.projectName}`,
    `SLIDE_CREATIONDATETIME = ${MIRAX_IDENTIFYING.created}`,
    'IMAGENUMBER_X = 2',
    'IMAGENUMBER_Y = 2',
    'OBJECTIVE_MAGNIFICATION = 20',
    'CameraImageDivisionsPerSide = 1',
    '',
    '[HIERARCHICAL]',
    'HIER_COUNT = 1',
    'HIER_0_NAME = Slide zoom level',
    'HIER_0_COUNT = 2',
    'HIER_0_VAL_0 = ZoomLevel_0',
    'HIER_0_VAL_0_SECTION = LAYER_0_LEVEL_0_SECTION',
    'HIER_0_VAL_1 = ZoomLevel_1',
    'HIER_0_VAL_1_SECTION = LAYER_0_LEVEL_1_SECTION',
    'NONHIER_COUNT = 1',
    'NONHIER_0_NAME = Scan data layer',
    `NONHIER_0_COUNT = ${values.length + 1}`,
    ...values.flatMap((kind, index) => [
      `NONHIER_0_VAL_${index} = ${VALUE_NAMES[kind][0]}`,
      `NONHIER_0_VAL_${index}_SECTION = NONHIERLAYER_0_LEVEL_${index}_SECTION`,
    ]),
    `NONHIER_0_VAL_${values.length} = ScanDataLayer_XMLInfoHeader`,
    `NONHIER_0_VAL_${values.length}_SECTION = NONHIERLAYER_0_LEVEL_${values.length}_SECTION`,
    'INDEXFILE = Index.dat',
    '',
    '[DATAFILE]',
    'FILE_COUNT = 2',
    'FILE_0 = Data0000.dat',
    'FILE_1 = Data0001.dat',
    '',
    ...[0, 1].flatMap((level) => [
      `[LAYER_0_LEVEL_${level}_SECTION]`,
      `IMAGE_CONCAT_FACTOR = ${level}`,
      'OVERLAP_X = 0',
      'OVERLAP_Y = 0',
      `MICROMETER_PER_PIXEL_X = ${0.25 * 2 ** level}`,
      `MICROMETER_PER_PIXEL_Y = ${0.25 * 2 ** level}`,
      'IMAGE_FORMAT = JPEG',
      'IMAGE_FILL_COLOR_BGR = 16777215',
      'DIGITIZER_WIDTH = 256',
      'DIGITIZER_HEIGHT = 256',
      '',
    ]),
    ...values.flatMap((kind, index) => [
      `[NONHIERLAYER_0_LEVEL_${index}_SECTION]`,
      `${VALUE_NAMES[kind][1]} = JPEG`,
      '',
    ]),
    `[NONHIERLAYER_0_LEVEL_${values.length}_SECTION]`,
    'XML_INFO_HEADER_ENCODING = UTF-8',
    '',
  ];
  return `\uFEFF${lines.join('\r\n')}`;
}
