import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** Patient, study, operator, device and specimen attributes holding the DICOM_IDENTIFYING values. */
  identifying?: boolean;
}

/** The identifying values `identifying` writes (top level, and inside sequence items of both length kinds). */
export const DICOM_IDENTIFYING = {
  patientName: 'Doe^Jane^Q',
  patientId: 'MRN-4455667',
  birthDate: '19650412',
  studyDate: '20240315',
  studyTime: '101530.25',
  accession: 'ACC-778899',
  institution: 'Mercy General Hospital',
  referrer: 'Referrer^Alice',
  operator: 'Operator^Bob',
  serial: 'SN-SCANNER-0042',
  container: 'S24-12345-A1',
  specimen: 'S24-12345-A1-SPEC',
  personInItem: 'Tech^Carol',
} as const;

function identifyingElements(): Buffer[] {
  const v = DICOM_IDENTIFYING;
  // An undefined-length sequence with an undefined-length item (AcquisitionContextSequence → PersonName).
  const context = element(0x0040, 0x0555, 'SQ', Buffer.alloc(0));
  context.writeUInt32LE(UNDEFINED, context.length - 4);
  return [
    element(0x0008, 0x0020, 'DA', text(v.studyDate)),
    element(0x0008, 0x0023, 'DA', text(v.studyDate)),
    element(0x0008, 0x0030, 'TM', text(v.studyTime)),
    element(0x0008, 0x0050, 'SH', text(v.accession)),
    element(0x0008, 0x0080, 'LO', text(v.institution)),
    element(0x0008, 0x0090, 'PN', text(v.referrer)),
    element(0x0008, 0x1070, 'PN', text(v.operator)),
    element(0x0010, 0x0010, 'PN', text(v.patientName)),
    element(0x0010, 0x0020, 'LO', text(v.patientId)),
    element(0x0010, 0x0030, 'DA', text(v.birthDate)),
    element(0x0010, 0x0040, 'CS', text('F')),
    element(0x0018, 0x1000, 'LO', text(v.serial)),
    element(0x0040, 0x0512, 'LO', text(v.container)),
    context,
    itemTag(0xe000, UNDEFINED),
    element(0x0040, 0xa123, 'PN', text(v.personInItem)),
    itemTag(0xe00d, 0),
    itemTag(0xe0dd, 0),
    // SpecimenDescriptionSequence, defined lengths: SpecimenIdentifier.
    element(0x0040, 0x0560, 'SQ', item(element(0x0040, 0x0551, 'LO', text(v.specimen)))),
  ];
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
    ...(spec.identifying ? identifyingElements() : []),
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

/**
 * A de-identification test series in `folder`: two levels and a thumbnail (kept), a label and an overview
 * (left out), every instance holding the DICOM_IDENTIFYING values. `nativeFrames`: level 0 with native pixel data
 * of that many frames (megabytes, for multipart uploads). Returns the files, level 0 first.
 */
export async function writeIdentifiableSeries(
  folder: string,
  options: { series?: string; level0Columns?: number; native?: boolean } = {},
): Promise<{ level0: string; files: string[] }> {
  const series = options.series ?? '1.2.826.0.1.3680043.10.77.9';
  const columns = options.level0Columns ?? 2048;
  const base = { totalColumns: columns, totalRows: columns / 2, spacingMm: 0.00025 };
  const specs: Array<[string, Partial<WsiInstance>]> = [
    ['level-0.dcm', { ...base, ...(options.native ? { nativeFrames: tilesFor(base) } : {}) }],
    [
      'level-1.dcm',
      { totalColumns: columns / 2, totalRows: columns / 4, spacingMm: 0.0005, derivation: 'RESAMPLED' },
    ],
    [
      'label.dcm',
      { role: 'LABEL', totalColumns: 300, totalRows: 200, organization: 'TILED_SPARSE', frames: 1 },
    ],
    ['overview.dcm', { role: 'OVERVIEW', totalColumns: 600, totalRows: 200, spacingMm: 0.02 }],
    ['thumb.dcm', { role: 'THUMBNAIL', totalColumns: 256, totalRows: 128, spacingMm: 0.002 }],
  ];
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const [index, [name, spec]] of specs.entries()) {
    const file = join(folder, name);
    await writeFile(file, wsiInstance({ series, sop: `${series}.${index + 1}`, identifying: true, ...spec }));
    files.push(file);
  }
  return { level0: files[0]!, files };
}
