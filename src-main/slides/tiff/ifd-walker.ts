import { readUInt64, type ByteReader } from '../byte-reader.js';
import { bytes } from '../reasons.js';
import { FOUR_GIB, resolveNdpiPointer, type Layout } from './ndpi-offsets.js';
import { Tag, TYPE_SIZES } from './tags.js';
import { readNumbers } from './tag-values.js';

/**
 * Walks a TIFF/BigTIFF file's directory (IFD) chain, and the SubIFD chains hanging off it, reading only the
 * directories themselves. Every pointer is checked against the file size; problems are collected rather
 * than thrown, so the caller can say how far the file should have run.
 */

export interface TiffHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  headerSize: number;
  firstIfdOffset: number;
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the value bytes: inside the directory when they fit, else where the pointer says. */
  position: number;
  byteLength: number;
  inline: boolean;
}

export interface Ifd {
  /** 0-based, in walk order (main chain first, then SubIFD chains). */
  index: number;
  offset: number;
  entries: ReadonlyMap<number, IfdEntry>;
  fromSubIfd: boolean;
  /** Where this directory's next-directory pointer is stored (de-identification relinks the chain there). */
  nextPointerAt: number;
  /** The next directory in its chain as resolved (NDPI wrap undone); 0 at the end of the chain. */
  next: number;
}

/** Something the file points at that lies (partly) past its end. */
export interface PastEnd {
  what: string;
  neededEnd: number;
  /** NDPI files over 4 GB store offsets without their high bits, so this may be a wrap-around, not a cut. */
  maybeNdpiWrap: boolean;
}

export interface TiffStructure {
  header: TiffHeader;
  ifds: Ifd[];
  pastEnd: PastEnd[];
  /** Structural damage, as phrases for "… is a damaged TIFF file: <phrase>". */
  damage: string[];
  /** Something shows the file is still being written (e.g. no directory yet). */
  unfinished: string[];
  /** True when the walk could not reach every directory, so needed ends are lower bounds. */
  stoppedEarly: boolean;
  /** Classic-TIFF NDPI file of 4 GB or more: offsets wrap at 4 GB. */
  ndpiWide: boolean;
  /** In such a file, a directory pointer led nowhere plausible: the rest could not be checked. */
  ndpiUnresolved: boolean;
  warnings: string[];
}

export type HeaderResult =
  | { ok: true; header: TiffHeader }
  | { ok: false; neededEnd: number }
  | { ok: false; damage: string }
  | { ok: false; unfinished: string };

/** More directories than any scanner writes (NDPI z-stacks have a few hundred): beyond this, assume garbage. */
const MAX_IFDS = 10_000;
/** A directory with more entries than this is garbage (real ones have 10–40). */
const MAX_ENTRIES = 4_096;

export async function readTiffHeader(reader: ByteReader): Promise<HeaderResult> {
  const head = await reader.read(0, 16);
  if (head.length < 4) return { ok: false, neededEnd: 8 };
  const littleEndian = head[0] === 0x49;
  const u16 = (at: number) => (littleEndian ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const version = u16(2);
  if (version === 42) {
    if (head.length < 8) return { ok: false, neededEnd: 8 };
    const firstIfdOffset = littleEndian ? head.readUInt32LE(4) : head.readUInt32BE(4);
    return checkFirstOffset({ littleEndian, bigTiff: false, headerSize: 8, firstIfdOffset });
  }
  if (head.length < 16) return { ok: false, neededEnd: 16 };
  const offsetSize = u16(4);
  if (offsetSize !== 8 || u16(6) !== 0) {
    return { ok: false, damage: `its BigTIFF header declares ${offsetSize}-byte offsets (only 8 is valid)` };
  }
  const firstIfdOffset = readUInt64(head, 8, littleEndian);
  return checkFirstOffset({ littleEndian, bigTiff: true, headerSize: 16, firstIfdOffset });
}

function checkFirstOffset(header: TiffHeader): HeaderResult {
  // Writers such as libtiff put 0 here until the first directory is written at the end of the image.
  if (header.firstIfdOffset === 0) return { ok: false, unfinished: 'it has no image directory yet' };
  if (header.firstIfdOffset < header.headerSize) {
    return {
      ok: false,
      damage: `its header points at byte ${header.firstIfdOffset}, inside the header itself`,
    };
  }
  return { ok: true, header };
}

const layoutOf = (header: TiffHeader): Layout =>
  header.bigTiff
    ? { countSize: 8, entrySize: 20, offsetSize: 8 }
    : { countSize: 2, entrySize: 12, offsetSize: 4 };

type IfdRead =
  | { ok: true; entries: Map<number, IfdEntry>; nextOffset: number; nextPointerAt: number }
  | { ok: false; neededEnd: number }
  | { ok: false; damage: string };

export async function walkTiff(
  reader: ByteReader,
  header: TiffHeader,
  options: { ndpiHint: boolean },
): Promise<TiffStructure> {
  const layout = layoutOf(header);
  const result: TiffStructure = {
    header,
    ifds: [],
    pastEnd: [],
    damage: [],
    unfinished: [],
    stoppedEarly: false,
    ndpiWide: !header.bigTiff && reader.size >= FOUR_GIB && options.ndpiHint,
    ndpiUnresolved: false,
    warnings: [],
  };
  const seen = new Set<number>();
  let isNdpi = false;
  const chains: Array<{ start: number; fromSubIfd: boolean }> = [
    { start: header.firstIfdOffset, fromSubIfd: false },
  ];

  for (let chain = chains.shift(); chain; chain = chains.shift()) {
    let offset = chain.start;
    if (result.ndpiWide && !chain.fromSubIfd && result.ifds.length === 0) {
      offset = (await resolveNdpiPointer(reader, layout, header, offset, undefined)) ?? offset;
    }
    while (offset !== 0) {
      if (seen.has(offset)) {
        result.damage.push(
          `its list of images loops back on itself (the directory at byte ${bytes(offset)} is listed twice)`,
        );
        result.stoppedEarly = true;
        break;
      }
      if (result.ifds.length >= MAX_IFDS) {
        result.damage.push(`it lists more than ${bytes(MAX_IFDS)} images, far more than any scanner writes`);
        result.stoppedEarly = true;
        return result;
      }
      seen.add(offset);
      const read = await readIfd(reader, header, layout, offset);
      if (!read.ok) {
        if (!('neededEnd' in read) && isNdpi && !result.ndpiWide && offset < FOUR_GIB) {
          // An NDPI under 4 GB whose pointer leads to garbage: most likely a position past 4 GB stored
          // without its high bits, in a copy cut before it.
          result.pastEnd.push({
            what: `image directory (stored as byte ${bytes(offset)}, probably past 4 GB)`,
            neededEnd: offset + FOUR_GIB + layout.countSize,
            maybeNdpiWrap: false,
          });
        } else if ('neededEnd' in read) {
          result.pastEnd.push({
            what: `image directory at byte ${bytes(offset)}`,
            neededEnd: read.neededEnd,
            maybeNdpiWrap: result.ndpiWide,
          });
        } else {
          result.damage.push(read.damage);
        }
        result.stoppedEarly = true;
        break;
      }
      const ifd: Ifd = {
        index: result.ifds.length,
        offset,
        entries: read.entries,
        fromSubIfd: chain.fromSubIfd,
        nextPointerAt: read.nextPointerAt,
        next: read.nextOffset,
      };
      result.ifds.push(ifd);
      if (ifd.index === 0 && !header.bigTiff && read.entries.has(Tag.NdpiFormatFlag)) {
        isNdpi = true;
        if (reader.size >= FOUR_GIB) result.ndpiWide = true;
      }
      checkOutOfLineData(reader, ifd, result);
      for (const sub of await subIfdOffsets(reader, header, ifd))
        chains.push({ start: sub, fromSubIfd: true });

      let next = read.nextOffset;
      if (result.ndpiWide && next !== 0) {
        const resolved = await resolveNdpiPointer(reader, layout, header, next, read.nextPointerAt);
        if (resolved === undefined) {
          result.ndpiUnresolved = true;
          break;
        }
        next = resolved;
        ifd.next = resolved;
      }
      if (next !== 0 && next < header.headerSize) {
        result.damage.push(`a directory points at byte ${next}, inside the file header`);
        result.stoppedEarly = true;
        break;
      }
      if (next >= reader.size) {
        result.pastEnd.push({
          what: 'next image directory',
          neededEnd: next + layout.countSize,
          maybeNdpiWrap: result.ndpiWide,
        });
        result.stoppedEarly = true;
        break;
      }
      offset = next;
    }
  }
  return result;
}

async function readIfd(
  reader: ByteReader,
  header: TiffHeader,
  layout: Layout,
  offset: number,
): Promise<IfdRead> {
  if (offset + layout.countSize > reader.size) return { ok: false, neededEnd: offset + layout.countSize };
  const countBytes = await reader.read(offset, layout.countSize);
  const count = header.bigTiff
    ? readUInt64(countBytes, 0, header.littleEndian)
    : header.littleEndian
      ? countBytes.readUInt16LE(0)
      : countBytes.readUInt16BE(0);
  if (count === 0) return { ok: false, damage: `the image directory at byte ${bytes(offset)} is empty` };
  if (count > MAX_ENTRIES) {
    return {
      ok: false,
      damage: `the image directory at byte ${bytes(offset)} claims ${bytes(count)} entries`,
    };
  }
  const nextPointerAt = offset + layout.countSize + count * layout.entrySize;
  const end = nextPointerAt + layout.offsetSize;
  if (end > reader.size) return { ok: false, neededEnd: end };
  const block = await reader.read(offset, end - offset);

  const entries = new Map<number, IfdEntry>();
  let unknownTypes = 0;
  for (let i = 0; i < count; i += 1) {
    const at = layout.countSize + i * layout.entrySize;
    const tag = header.littleEndian ? block.readUInt16LE(at) : block.readUInt16BE(at);
    const type = header.littleEndian ? block.readUInt16LE(at + 2) : block.readUInt16BE(at + 2);
    const valueCount = header.bigTiff
      ? readUInt64(block, at + 4, header.littleEndian)
      : header.littleEndian
        ? block.readUInt32LE(at + 4)
        : block.readUInt32BE(at + 4);
    const valueField = at + (header.bigTiff ? 12 : 8);
    const typeSize = TYPE_SIZES.get(type);
    // Unknown field types must be ignored (TIFF 6.0 §2): we cannot know their size.
    if (typeSize === undefined) {
      unknownTypes += 1;
      continue;
    }
    const byteLength = valueCount * typeSize;
    const inline = byteLength <= layout.offsetSize;
    const position = inline ? offset + valueField : readOffset(block, valueField, header);
    if (!entries.has(tag)) entries.set(tag, { tag, type, count: valueCount, position, byteLength, inline });
  }
  if (unknownTypes === count) {
    return { ok: false, damage: `the image directory at byte ${bytes(offset)} holds no readable entries` };
  }
  return {
    ok: true,
    entries,
    nextOffset: readOffset(block, block.length - layout.offsetSize, header),
    nextPointerAt,
  };
}

function readOffset(buffer: Buffer, at: number, header: TiffHeader): number {
  if (header.bigTiff) return readUInt64(buffer, at, header.littleEndian);
  return header.littleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
}

function checkOutOfLineData(reader: ByteReader, ifd: Ifd, result: TiffStructure): void {
  for (const entry of ifd.entries.values()) {
    if (entry.inline) continue;
    const end = entry.position + entry.byteLength;
    if (end > reader.size) {
      result.pastEnd.push({
        what: `${tagName(entry.tag)} of image ${ifd.index + 1}`,
        neededEnd: end,
        maybeNdpiWrap: result.ndpiWide,
      });
    }
  }
}

async function subIfdOffsets(reader: ByteReader, header: TiffHeader, ifd: Ifd): Promise<number[]> {
  const entry = ifd.entries.get(Tag.SubIFDs);
  if (!entry || entry.position + entry.byteLength > reader.size) return [];
  const values = await readNumbers(reader, header, entry, 1_000);
  return values.filter((value) => value !== 0);
}

const TAG_NAMES: ReadonlyMap<number, string> = new Map([
  ...Object.entries(Tag).map(([name, tag]): [number, string] => [
    tag,
    name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
  ]),
  [347, 'JPEG tables'],
  [34675, 'colour profile'],
]);

function tagName(tag: number): string {
  return TAG_NAMES.get(tag) ?? `tag ${tag}`;
}
