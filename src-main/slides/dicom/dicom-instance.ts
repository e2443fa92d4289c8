import { PastEndOfFile, type ByteReader } from '../byte-reader.js';
import { bytes } from '../reasons.js';
import { countFrames, type FrameCount } from './dicom-frames.js';

/**
 * Reads one DICOM Part-10 file far enough to identify it (SOP class, series, matrix size) and, optionally,
 * to check its pixel data element ends inside the file. Element values we do not need are skipped by
 * length, so a multi-gigabyte instance costs a handful of small reads.
 */

export const WSI_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.77.1.6';

export interface DicomInstance {
  file: string;
  transferSyntax?: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
  imageType: string[];
  manufacturer?: string;
  modelName?: string;
  containerIdentifier?: string;
  totalColumns?: number;
  totalRows?: number;
  columns?: number;
  rows?: number;
  numberOfFrames?: number;
  /** PixelSpacing from the shared functional groups: row spacing, column spacing, in millimetres. */
  pixelSpacingMm?: [number, number];
  objectivePower?: number;
  samplesPerPixel?: number;
  bitsAllocated?: number;
  /** DimensionOrganizationType, e.g. "TILED_FULL" (every tile present, in a known order) or "TILED_SPARSE". */
  dimensionOrganization?: string;
  /** One image split over several files (a concatenation): its UID and this file's part number of the total. */
  concatenationUid?: string;
  inConcatenationNumber?: number;
  inConcatenationTotalNumber?: number;
  focalPlanes?: number;
  opticalPaths?: number;
  /** Entries of the Extended Offset Table (one per frame), when the file has one. */
  extendedOffsetTableEntries?: number;
  pixelData?: { valueStart: number; length: number | undefined };
  /** What the image data itself holds, when it could be counted cheaply (see dicom-frames.ts). */
  frames?: FrameCount;
}

export type DicomProblem =
  | { kind: 'cut'; neededEnd: number; fileSize: number; atLeast: boolean; what: string }
  | { kind: 'damaged'; what: string }
  | { kind: 'unsupported'; what: string };

export type DicomRead = { instance: DicomInstance; problem?: DicomProblem };

interface Syntax {
  littleEndian: boolean;
  explicitVr: boolean;
}

const EXPLICIT_LE: Syntax = { littleEndian: true, explicitVr: true };
const IMPLICIT_LE: Syntax = { littleEndian: true, explicitVr: false };
const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
/** Pixel Data, Float Pixel Data, Double Float Pixel Data. */
const PIXEL_DATA_TAGS = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009]);
/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR encoding. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Sequences we descend into even when they have a defined length: they hold pixel spacing and objective. */
const SHARED_FUNCTIONAL_GROUPS = 0x52009229;
const PIXEL_MEASURES = 0x00289110;
const OPTICAL_PATH = 0x00480105;
const WANTED_SEQUENCES = new Set([SHARED_FUNCTIONAL_GROUPS, PIXEL_MEASURES, OPTICAL_PATH]);
const MAX_VALUE = 4096;
const MAX_FRAGMENTS = 10_000_000;

class DicomDamage extends Error {}

export async function readDicomInstance(
  reader: ByteReader,
  options: { checkPixelData: boolean },
): Promise<DicomRead> {
  const instance: DicomInstance = { file: reader.file, imageType: [] };
  try {
    const datasetStart = await readMetaHeader(reader, instance);
    const syntax = syntaxOf(instance.transferSyntax);
    if (syntax === 'deflated') {
      return {
        instance,
        problem: { kind: 'unsupported', what: 'its header is compressed (deflated DICOM)' },
      };
    }
    const walk = new DatasetWalker(reader, instance, syntax);
    await walk.dataset(datasetStart, undefined, []);
    if (options.checkPixelData) {
      const problem = await checkPixelData(reader, instance, syntax);
      if (problem) return { instance, problem };
      instance.frames = await countFrames(reader, instance, syntax.littleEndian);
    }
    return { instance };
  } catch (error) {
    if (error instanceof PastEndOfFile) {
      return {
        instance,
        problem: {
          kind: 'cut',
          neededEnd: error.neededEnd,
          fileSize: reader.size,
          atLeast: true,
          what: error.what,
        },
      };
    }
    if (error instanceof DicomDamage) return { instance, problem: { kind: 'damaged', what: error.message } };
    throw error;
  }
}

/** The File Meta Information group (always explicit VR little endian), from byte 132. */
async function readMetaHeader(reader: ByteReader, instance: DicomInstance): Promise<number> {
  let position = 132;
  for (;;) {
    const peek = await reader.read(position, 2);
    if (peek.length < 2) throw new PastEndOfFile(position + 8, 'the DICOM data after the file header');
    if (peek.readUInt16LE(0) !== 0x0002) return position;
    const header = await readElementHeader(reader, position, EXPLICIT_LE);
    if (header.length === UNDEFINED_LENGTH) throw new DicomDamage('its file header is malformed');
    if (header.tag === 0x00020010 || header.tag === 0x00020002) {
      const value = text(await reader.readExact(header.valueStart, header.length, 'the DICOM file header'));
      if (header.tag === 0x00020010) instance.transferSyntax = value;
      else instance.sopClassUid ??= value;
    }
    position = header.valueStart + header.length;
  }
}

function syntaxOf(transferSyntax: string | undefined): Syntax | 'deflated' {
  switch (transferSyntax) {
    case '1.2.840.10008.1.2':
      return IMPLICIT_LE;
    case '1.2.840.10008.1.2.2':
      return { littleEndian: false, explicitVr: true };
    case '1.2.840.10008.1.2.1.99':
      return 'deflated';
    default:
      // Explicit VR little endian, and every compressed (encapsulated) syntax.
      return EXPLICIT_LE;
  }
}

interface ElementHeader {
  tag: number;
  vr: string | undefined;
  length: number;
  valueStart: number;
}

async function readElementHeader(
  reader: ByteReader,
  position: number,
  syntax: Syntax,
): Promise<ElementHeader> {
  const head = await reader.read(position, 12);
  if (head.length < 8) throw new PastEndOfFile(position + 8, 'a DICOM element');
  const u16 = (at: number) => (syntax.littleEndian ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const u32 = (at: number) => (syntax.littleEndian ? head.readUInt32LE(at) : head.readUInt32BE(at));
  const group = u16(0);
  const tag = ((group << 16) | u16(2)) >>> 0;
  // Items and delimiters have no VR, whatever the transfer syntax.
  if (group === 0xfffe || !syntax.explicitVr)
    return { tag, vr: undefined, length: u32(4), valueStart: position + 8 };
  const vr = head.toString('latin1', 4, 6);
  if (!/^[A-Z]{2}$/.test(vr)) {
    throw new DicomDamage(`an element at byte ${bytes(position)} is unreadable (no value type)`);
  }
  if (!LONG_VRS.has(vr)) return { tag, vr, length: u16(6), valueStart: position + 8 };
  if (head.length < 12) throw new PastEndOfFile(position + 12, 'a DICOM element');
  return { tag, vr, length: u32(8), valueStart: position + 12 };
}

class DatasetWalker {
  constructor(
    private readonly reader: ByteReader,
    private readonly instance: DicomInstance,
    private readonly syntax: Syntax,
  ) {}

  /**
   * Walks elements from `start` to `end` (or to an item delimiter / the end of the file when undefined).
   * Returns the position after the last element and why it stopped. `path` lists enclosing sequences.
   */
  async dataset(
    start: number,
    end: number | undefined,
    path: readonly number[],
    syntax: Syntax = this.syntax,
  ): Promise<{ position: number; stop: 'end' | 'item-delimiter' | 'pixel-data' }> {
    let position = start;
    for (;;) {
      if (end !== undefined && position >= end) return { position, stop: 'end' };
      if (end === undefined && path.length === 0 && position >= this.reader.size)
        return { position, stop: 'end' };
      const header = await readElementHeader(this.reader, position, syntax);
      if (header.tag === ITEM_DELIMITER) return { position: header.valueStart, stop: 'item-delimiter' };
      if (header.tag === ITEM || header.tag === SEQUENCE_DELIMITER) {
        throw new DicomDamage(`a misplaced sequence marker at byte ${bytes(position)}`);
      }
      if (path.length === 0 && PIXEL_DATA_TAGS.has(header.tag)) {
        const length = header.length === UNDEFINED_LENGTH ? undefined : header.length;
        this.instance.pixelData = { valueStart: header.valueStart, length };
        return { position, stop: 'pixel-data' };
      }
      const undefinedLength = header.length === UNDEFINED_LENGTH;
      // Implicit VR carries no type: we know the sequences we want by tag, and any undefined length is one.
      const isSequence =
        header.vr === 'SQ' ||
        (header.vr === undefined && WANTED_SEQUENCES.has(header.tag)) ||
        (undefinedLength && (header.vr === undefined || header.vr === 'UN'));
      if (isSequence) {
        // UN of undefined length holds an implicit VR little endian sequence (PS3.5 §6.2.2).
        const inner = header.vr === 'UN' ? IMPLICIT_LE : syntax;
        const wanted = WANTED_SEQUENCES.has(header.tag);
        if (undefinedLength || wanted) {
          const length = undefinedLength ? undefined : header.length;
          position = await this.sequence(header.valueStart, length, [...path, header.tag], inner, wanted);
          continue;
        }
      } else if (undefinedLength) {
        throw new DicomDamage(`an element at byte ${bytes(position)} has no length`);
      } else {
        await this.record(header, path, syntax);
      }
      position = header.valueStart + header.length;
      if (position > this.reader.size) throw new PastEndOfFile(position, 'a DICOM element');
    }
  }

  private async sequence(
    start: number,
    length: number | undefined,
    path: readonly number[],
    syntax: Syntax,
    wanted: boolean,
  ): Promise<number> {
    const end = length === undefined ? undefined : start + length;
    let position = start;
    for (;;) {
      if (end !== undefined && position >= end) return end;
      const header = await readElementHeader(this.reader, position, syntax);
      if (header.tag === SEQUENCE_DELIMITER) return header.valueStart;
      if (header.tag !== ITEM) throw new DicomDamage(`a sequence at byte ${bytes(start)} is malformed`);
      if (header.length === UNDEFINED_LENGTH) {
        const item = await this.dataset(header.valueStart, undefined, path, syntax);
        if (item.stop !== 'item-delimiter')
          throw new DicomDamage(`a sequence item at byte ${bytes(position)} never ends`);
        position = item.position;
      } else {
        // Items of sequences we do not care about are skipped by length without reading them.
        if (wanted || path.some((tag) => WANTED_SEQUENCES.has(tag))) {
          await this.dataset(header.valueStart, header.valueStart + header.length, path, syntax);
        }
        position = header.valueStart + header.length;
        if (position > this.reader.size) throw new PastEndOfFile(position, 'a DICOM sequence');
      }
    }
  }

  private async record(header: ElementHeader, path: readonly number[], syntax: Syntax): Promise<void> {
    const topLevel = path.length === 0;
    // The Extended Offset Table has one 8-byte entry per frame: its length is all we need.
    if (topLevel && header.tag === EXTENDED_OFFSET_TABLE) {
      this.instance.extendedOffsetTableEntries = Math.floor(header.length / 8);
      return;
    }
    const wanted =
      (topLevel && TOP_LEVEL_TAGS.has(header.tag)) ||
      (header.tag === 0x00280030 && path.includes(SHARED_FUNCTIONAL_GROUPS)) ||
      (header.tag === 0x00480112 && path.includes(OPTICAL_PATH));
    if (!wanted || header.length > MAX_VALUE) return;
    const value = await this.reader.readExact(header.valueStart, header.length, 'a DICOM element');
    const instance = this.instance;
    const u16 = () =>
      value.length >= 2 ? (syntax.littleEndian ? value.readUInt16LE(0) : value.readUInt16BE(0)) : undefined;
    const u32 = () =>
      value.length >= 4 ? (syntax.littleEndian ? value.readUInt32LE(0) : value.readUInt32BE(0)) : undefined;
    switch (header.tag) {
      case 0x00080008:
        instance.imageType = text(value)
          .split('\\')
          .map((part) => part.trim());
        break;
      case 0x00080016:
        instance.sopClassUid = text(value);
        break;
      case 0x00080018:
        instance.sopInstanceUid = text(value);
        break;
      case 0x00080070:
        instance.manufacturer = text(value);
        break;
      case 0x00081090:
        instance.modelName = text(value);
        break;
      case 0x0020000d:
        instance.studyInstanceUid = text(value);
        break;
      case 0x0020000e:
        instance.seriesInstanceUid = text(value);
        break;
      case 0x00400512:
        instance.containerIdentifier = text(value);
        break;
      case 0x00280008:
        instance.numberOfFrames = Number(text(value)) || undefined;
        break;
      case 0x00280010:
        instance.rows = u16();
        break;
      case 0x00280011:
        instance.columns = u16();
        break;
      case 0x00480006:
        instance.totalColumns = u32();
        break;
      case 0x00480007:
        instance.totalRows = u32();
        break;
      case 0x00280030: {
        const [row, column] = text(value).split('\\').map(Number);
        if (instance.pixelSpacingMm === undefined && row && column) instance.pixelSpacingMm = [row, column];
        break;
      }
      case 0x00480112:
        instance.objectivePower ??= Number(text(value)) || undefined;
        break;
      case 0x00280002:
        instance.samplesPerPixel = u16();
        break;
      case 0x00280100:
        instance.bitsAllocated = u16();
        break;
      case 0x00209311:
        instance.dimensionOrganization = text(value);
        break;
      case 0x00209161:
        instance.concatenationUid = text(value);
        break;
      case 0x00209162:
        instance.inConcatenationNumber = u16();
        break;
      case 0x00209163:
        instance.inConcatenationTotalNumber = u16();
        break;
      case 0x00480302:
        instance.opticalPaths = u32();
        break;
      case 0x00480303:
        instance.focalPlanes = u32();
        break;
    }
  }
}

const TOP_LEVEL_TAGS = new Set([
  0x00080008, 0x00080016, 0x00080018, 0x00080070, 0x00081090, 0x0020000d, 0x0020000e, 0x00400512, 0x00280008,
  0x00280010, 0x00280011, 0x00480006, 0x00480007, 0x00280002, 0x00280100, 0x00209311, 0x00209161, 0x00209162,
  0x00209163, 0x00480302, 0x00480303,
]);
const EXTENDED_OFFSET_TABLE = 0x7fe00001;

/** Strings are padded with spaces (text) or NULs (UIDs). */
function text(value: Buffer): string {
  return value
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
}

/**
 * Does the pixel data element end inside the file? Native pixel data has a length; encapsulated pixel data
 * (JPEG etc.) is a list of fragments closed by a sequence delimiter, which a complete file ends with.
 */
async function checkPixelData(
  reader: ByteReader,
  instance: DicomInstance,
  syntax: Syntax,
): Promise<DicomProblem | undefined> {
  const pixelData = instance.pixelData;
  if (!pixelData) {
    return {
      kind: 'cut',
      fileSize: reader.size,
      neededEnd: reader.size + 1,
      atLeast: true,
      what: 'the image data (missing entirely)',
    };
  }
  if (pixelData.length !== undefined) {
    const end = pixelData.valueStart + pixelData.length;
    return end > reader.size
      ? { kind: 'cut', fileSize: reader.size, neededEnd: end, atLeast: false, what: 'the image data' }
      : undefined;
  }
  // Fast path: a complete file normally ends with the sequence delimiter.
  if (reader.size - 8 >= pixelData.valueStart) {
    const tail = itemHeader(await reader.read(reader.size - 8, 8), syntax);
    if (tail?.tag === SEQUENCE_DELIMITER && tail.length === 0) return undefined;
  }
  // Otherwise walk the fragment headers (there are trailing elements after the pixel data, or a cut).
  let position = pixelData.valueStart;
  for (let fragment = 0; fragment < MAX_FRAGMENTS; fragment += 1) {
    const header = itemHeader(await reader.read(position, 8), syntax);
    if (!header)
      return {
        kind: 'cut',
        fileSize: reader.size,
        neededEnd: position + 8,
        atLeast: true,
        what: 'the image data',
      };
    if (header.tag === SEQUENCE_DELIMITER) return undefined;
    if (header.tag !== ITEM || header.length === UNDEFINED_LENGTH) {
      return { kind: 'damaged', what: `its image data is malformed at byte ${bytes(position)}` };
    }
    position += 8 + header.length;
    if (position > reader.size)
      return {
        kind: 'cut',
        fileSize: reader.size,
        neededEnd: position,
        atLeast: true,
        what: 'the image data',
      };
  }
  return { kind: 'damaged', what: 'its image data has an implausible number of fragments' };
}

function itemHeader(head: Buffer, syntax: Syntax): { tag: number; length: number } | undefined {
  if (head.length < 8) return undefined;
  const le = syntax.littleEndian;
  const tag =
    (((le ? head.readUInt16LE(0) : head.readUInt16BE(0)) << 16) |
      (le ? head.readUInt16LE(2) : head.readUInt16BE(2))) >>>
    0;
  return { tag, length: le ? head.readUInt32LE(4) : head.readUInt32BE(4) };
}
