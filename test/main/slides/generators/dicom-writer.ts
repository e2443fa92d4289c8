import { itemTag, text, u16, u32, uid } from './dicom-values.js';
/**
 * Minimal DICOM Part-10 files for tests: preamble, "DICM", a file meta group, then the attributes a
 * whole-slide instance is recognised by and a pixel data element (native or encapsulated fragments).
 */

export const WSI_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.77.1.6';
export const CT_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

export interface DicomSpec {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid?: string;
  /** e.g. "ORIGINAL\\PRIMARY\\VOLUME\\NONE" or "…\\LABEL\\NONE". */
  imageType?: string;
  totalColumns?: number;
  totalRows?: number;
  /** Implicit VR little endian dataset (native pixel data only). */
  implicitVr?: boolean;
  /** Encapsulated JPEG fragments (default) or native pixel data. */
  pixelData?: 'encapsulated' | 'native' | 'none';
  frames?: number;
  bytesPerFrame?: number;
  /** What each encapsulated frame holds (e.g. a real 256×256 JPEG); default dummy bytes of `bytesPerFrame`. */
  frameContent?: Buffer;
  manufacturer?: string;
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR']);
const UNDEFINED = 0xffffffff;

export function dicomBytes(spec: DicomSpec): Buffer {
  const implicit = spec.implicitVr === true;
  const encapsulated = (spec.pixelData ?? 'encapsulated') === 'encapsulated' && !implicit;
  const syntax = implicit ? IMPLICIT_LE : encapsulated ? JPEG_BASELINE : EXPLICIT_LE;
  const sopClass = spec.sopClassUid ?? WSI_SOP_CLASS;
  const element = (group: number, elementNumber: number, vr: string, value: Buffer) =>
    implicit && group !== 0x0002
      ? implicitElement(group, elementNumber, value)
      : explicitElement(group, elementNumber, vr, value);

  const metaBody = Buffer.concat([
    explicitElement(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    explicitElement(0x0002, 0x0002, 'UI', uid(sopClass)),
    explicitElement(0x0002, 0x0003, 'UI', uid(spec.sopInstanceUid)),
    explicitElement(0x0002, 0x0010, 'UI', uid(syntax)),
    explicitElement(0x0002, 0x0012, 'UI', uid('1.2.3.4.5.6.7')),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  const meta = Buffer.concat([explicitElement(0x0002, 0x0000, 'UL', groupLength), metaBody]);

  const frames = spec.frames ?? 4;
  const bytesPerFrame = spec.bytesPerFrame ?? 64;
  const objective = Buffer.concat([element(0x0048, 0x0112, 'DS', text('20'))]);
  const pixelMeasures = element(0x0028, 0x0030, 'DS', text('0.00025\\0.00025'));
  const dataset = Buffer.concat([
    element(0x0008, 0x0008, 'CS', text(spec.imageType ?? 'ORIGINAL\\PRIMARY\\VOLUME\\NONE')),
    element(0x0008, 0x0016, 'UI', uid(sopClass)),
    element(0x0008, 0x0018, 'UI', uid(spec.sopInstanceUid)),
    element(0x0008, 0x0060, 'CS', text('SM')),
    element(0x0008, 0x0070, 'LO', text(spec.manufacturer ?? 'Test Scanner Co')),
    element(0x0020, 0x000d, 'UI', uid('1.2.826.0.1.3680043.10.1')),
    element(0x0020, 0x000e, 'UI', uid(spec.seriesInstanceUid)),
    element(0x0028, 0x0008, 'IS', text(String(frames))),
    element(0x0028, 0x0010, 'US', u16(256)),
    element(0x0028, 0x0011, 'US', u16(256)),
    element(0x0048, 0x0006, 'UL', u32(spec.totalColumns ?? 1024)),
    element(0x0048, 0x0007, 'UL', u32(spec.totalRows ?? 512)),
    // Optical path: an undefined-length sequence holding an undefined-length item.
    sequence(element, 0x0048, 0x0105, [objective], 'undefined'),
    // Shared functional groups → pixel measures → pixel spacing: defined-length sequences.
    sequence(
      element,
      0x5200,
      0x9229,
      [sequence(element, 0x0028, 0x9110, [pixelMeasures], 'defined')],
      'defined',
    ),
    pixelDataElement(
      spec.pixelData ?? 'encapsulated',
      encapsulated,
      implicit,
      frames,
      bytesPerFrame,
      spec.frameContent,
    ),
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), meta, dataset]);
}

type ElementWriter = (group: number, element: number, vr: string, value: Buffer) => Buffer;

function sequence(
  element: ElementWriter,
  group: number,
  tag: number,
  items: Buffer[],
  length: 'defined' | 'undefined',
): Buffer {
  const body = Buffer.concat(
    items.map((item) =>
      length === 'defined'
        ? Buffer.concat([itemTag(0xe000, item.length), item])
        : Buffer.concat([itemTag(0xe000, UNDEFINED), item, itemTag(0xe00d, 0)]),
    ),
  );
  if (length === 'defined') return element(group, tag, 'SQ', body);
  const header = element(group, tag, 'SQ', Buffer.alloc(0));
  // Replace the zero length with "undefined" (the last 4 bytes of the header), then close the sequence.
  header.writeUInt32LE(UNDEFINED, header.length - 4);
  return Buffer.concat([header, body, itemTag(0xe0dd, 0)]);
}

function pixelDataElement(
  kind: 'encapsulated' | 'native' | 'none',
  encapsulated: boolean,
  implicit: boolean,
  frames: number,
  bytesPerFrame: number,
  frameContent?: Buffer,
): Buffer {
  if (kind === 'none') return Buffer.alloc(0);
  if (!encapsulated) {
    const data = Buffer.alloc(frames * bytesPerFrame, 0x55);
    return implicit ? implicitElement(0x7fe0, 0x0010, data) : explicitElement(0x7fe0, 0x0010, 'OW', data);
  }
  const header = explicitElement(0x7fe0, 0x0010, 'OB', Buffer.alloc(0));
  header.writeUInt32LE(UNDEFINED, header.length - 4);
  const fragments: Buffer[] = [itemTag(0xe000, 0)]; // empty basic offset table
  for (let frame = 0; frame < frames; frame += 1) {
    const frameBytes = frameContent ?? Buffer.alloc(bytesPerFrame, 0xd8);
    fragments.push(itemTag(0xe000, frameBytes.length), frameBytes);
  }
  return Buffer.concat([header, ...fragments, itemTag(0xe0dd, 0)]);
}

function explicitElement(group: number, element: number, vr: string, value: Buffer): Buffer {
  const long = LONG_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

function implicitElement(group: number, element: number, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(value.length, 4);
  return Buffer.concat([header, value]);
}
