import { itemTag, text, u16, u32, uid } from '../generators/dicom-values.js';
/**
 * DICOM whole-slide instances for series QC tests (explicit VR little endian, encapsulated JPEG or native
 * pixel data): the attributes series QC reads — ImageType, matrix and tile size, NumberOfFrames, pixel
 * spacing, DimensionOrganizationType, concatenation — and an image data element whose frame count can be
 * made to disagree with them.
 */

export const WSI_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.77.1.6';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const UNDEFINED = 0xffffffff;

export interface WsiInstance {
  series: string;
  sop: string;
  /** The third value of ImageType: VOLUME (default), LABEL, OVERVIEW, THUMBNAIL. */
  role?: string;
  /** The fourth value: NONE (default) or RESAMPLED. */
  derivation?: string;
  totalColumns?: number;
  totalRows?: number;
  /** Tile size; default 256. */
  tile?: number;
  /** NumberOfFrames; default: what TILED_FULL needs for the matrix. */
  frames?: number;
  /** Fragments actually written; default `frames`. */
  fragments?: number;
  /** Write a Basic Offset Table with this many entries (default: none). */
  offsetTable?: number;
  bytesPerFrame?: number;
  /** Pixel spacing in mm (row\column); default 0.00025 (0.25 µm). */
  spacingMm?: number;
  /** DimensionOrganizationType; default TILED_FULL. */
  organization?: string;
  concatenation?: { uid: string; number: number; total: number };
  /** Native pixel data (8-bit RGB) with this many frames' worth of bytes, instead of JPEG fragments. */
  nativeFrames?: number;
}

export const tilesFor = (spec: Partial<WsiInstance>): number => {
  const tile = spec.tile ?? 256;
  return Math.ceil((spec.totalColumns ?? 1024) / tile) * Math.ceil((spec.totalRows ?? 512) / tile);
};

export function wsiInstance(spec: WsiInstance): Buffer {
  const native = spec.nativeFrames !== undefined;
  const syntax = native ? EXPLICIT_LE : JPEG_BASELINE;
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', uid(WSI_SOP_CLASS)),
    element(0x0002, 0x0003, 'UI', uid(spec.sop)),
    element(0x0002, 0x0010, 'UI', uid(syntax)),
  ]);
  const tile = spec.tile ?? 256;
  const frames = spec.frames ?? tilesFor(spec);
  const spacing = text(`${spec.spacingMm ?? 0.00025}\\${spec.spacingMm ?? 0.00025}`);
  const concatenation = spec.concatenation
    ? [
        element(0x0020, 0x9161, 'UI', uid(spec.concatenation.uid)),
        element(0x0020, 0x9162, 'US', u16(spec.concatenation.number)),
        element(0x0020, 0x9163, 'US', u16(spec.concatenation.total)),
      ]
    : [];
  const dataset = Buffer.concat([
    element(
      0x0008,
      0x0008,
      'CS',
      text(`ORIGINAL\\PRIMARY\\${spec.role ?? 'VOLUME'}\\${spec.derivation ?? 'NONE'}`),
    ),
    element(0x0008, 0x0016, 'UI', uid(WSI_SOP_CLASS)),
    element(0x0008, 0x0018, 'UI', uid(spec.sop)),
    element(0x0008, 0x0070, 'LO', text('Test Scanner Co')),
    element(0x0020, 0x000d, 'UI', uid('1.2.826.0.1.3680043.10.1')),
    element(0x0020, 0x000e, 'UI', uid(spec.series)),
    ...concatenation,
    element(0x0020, 0x9311, 'CS', text(spec.organization ?? 'TILED_FULL')),
    element(0x0028, 0x0002, 'US', u16(3)),
    element(0x0028, 0x0008, 'IS', text(String(frames))),
    element(0x0028, 0x0010, 'US', u16(tile)),
    element(0x0028, 0x0011, 'US', u16(tile)),
    element(0x0028, 0x0100, 'US', u16(8)),
    element(0x0048, 0x0006, 'UL', u32(spec.totalColumns ?? 1024)),
    element(0x0048, 0x0007, 'UL', u32(spec.totalRows ?? 512)),
    // Shared functional groups → pixel measures → pixel spacing.
    element(
      0x5200,
      0x9229,
      'SQ',
      item(element(0x0028, 0x9110, 'SQ', item(element(0x0028, 0x0030, 'DS', spacing)))),
    ),
    native
      ? element(0x7fe0, 0x0010, 'OB', Buffer.alloc((spec.nativeFrames ?? 0) * tile * tile * 3, 0x55))
      : encapsulated(spec.fragments ?? frames, spec.bytesPerFrame ?? 32, spec.offsetTable),
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), meta, dataset]);
}

function encapsulated(fragments: number, bytesPerFrame: number, offsetTable: number | undefined): Buffer {
  const header = element(0x7fe0, 0x0010, 'OB', Buffer.alloc(0));
  header.writeUInt32LE(UNDEFINED, header.length - 4);
  const table = Buffer.alloc(4 * (offsetTable ?? 0));
  for (let entry = 0; entry < (offsetTable ?? 0); entry += 1)
    table.writeUInt32LE(Math.min(entry, fragments - 1) * (8 + bytesPerFrame), entry * 4);
  const parts: Buffer[] = [header, itemTag(0xe000, table.length), table];
  for (let fragment = 0; fragment < fragments; fragment += 1)
    parts.push(itemTag(0xe000, bytesPerFrame), Buffer.alloc(bytesPerFrame, 0xd8));
  return Buffer.concat([...parts, itemTag(0xe0dd, 0)]);
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function element(group: number, number: number, vr: string, value: Buffer): Buffer {
  const long = LONG_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(number, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

const item = (body: Buffer) => Buffer.concat([itemTag(0xe000, body.length), body]);
