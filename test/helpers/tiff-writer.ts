import { open } from 'node:fs/promises';

/**
 * A small TIFF/BigTIFF writer for tests: tiled (or stripped) pyramid levels filled with dummy tile bytes,
 * optional ImageDescription and vendor tags, either byte order, and a layout report so tests can cut the
 * file at meaningful places. Files are written with positioned writes, so a "5 GB" file with its tiles
 * near the end is sparse and takes a few MB of disk.
 */

export type TagType =
  'byte' | 'ascii' | 'short' | 'long' | 'rational' | 'undefined' | 'float' | 'double' | 'long8';

export interface ExtraTag {
  tag: number;
  type: TagType;
  /** Numbers (one or many), a string for ASCII, or raw bytes for BYTE/UNDEFINED. */
  value: number | readonly number[] | string | Buffer;
}

export interface TiffLevel {
  width: number;
  height: number;
  /** Square tile size; default 256. */
  tileSize?: number;
  /** Write strips instead of tiles. */
  strips?: boolean;
  /** Rows per strip (strips only); default: the whole image in one strip. */
  rowsPerStrip?: number;
  /** Compression code; default 7 (JPEG). The tile bytes are dummies either way. */
  compression?: number;
  description?: string;
  /** NewSubfileType; default 0 for the first level, 1 (reduced resolution) for the others. */
  subfileType?: number;
  /** Dummy bytes per tile or strip; default 32. */
  bytesPerPiece?: number;
  /**
   * What each tile or strip starts with (the rest stays dummy bytes), e.g. a real JPEG so pixel QC can decode
   * it: decoders stop at the JPEG's end marker. Must fit in `bytesPerPiece`.
   */
  pieceContent?: Buffer;
  /** Extra tags; a tag number already written by default replaces the default. */
  tags?: readonly ExtraTag[];
  /** Write offset/bytecount tables one entry short (a damaged file). */
  dropLastPiece?: boolean;
  /** 'data-first' only: absolute position where this level's tiles (then its directory) start. */
  startAt?: number;
}

export interface TiffSpec {
  levels: readonly TiffLevel[];
  bigTiff?: boolean;
  bigEndian?: boolean;
  /**
   * 'data-first' (default, like libtiff): header, then per level its tiles, directory and tag data.
   * 'ifds-first': header, all directories and tag data, then all tiles.
   */
  layout?: 'data-first' | 'ifds-first';
  /** Absolute position of the first tile ('ifds-first' only): puts the image data near the end of a huge file. */
  dataOffset?: number;
  /** Store 32-bit positions modulo 4 GB, as NDPI does past 4 GB (classic TIFF only). */
  wrapOffsets?: boolean;
  /** Make the last directory's next pointer point back at directory `loopBackTo` (an IFD loop). */
  loopBackTo?: number;
}

export interface TiffLayout {
  /** Size of the file the chunks make up. */
  size: number;
  headerSize: number;
  ifds: Array<{
    offset: number;
    /** End of the directory itself (before its out-of-line tag data). */
    end: number;
    valuesStart: number;
    valuesEnd: number;
  }>;
  /** Per level: the contiguous range of its tile/strip bytes. */
  pieces: Array<{ start: number; end: number; count: number }>;
}

export interface BuiltTiff {
  chunks: Array<{ offset: number; bytes: Buffer }>;
  layout: TiffLayout;
}

const TYPE_CODES: Record<TagType, { code: number; size: number }> = {
  byte: { code: 1, size: 1 },
  ascii: { code: 2, size: 1 },
  short: { code: 3, size: 2 },
  long: { code: 4, size: 4 },
  rational: { code: 5, size: 8 },
  undefined: { code: 7, size: 1 },
  float: { code: 11, size: 4 },
  double: { code: 12, size: 8 },
  long8: { code: 16, size: 8 },
};

interface Entry {
  tag: number;
  type: TagType;
  count: number;
  data: Buffer;
}

const FOUR_GIB = 2 ** 32;

export function buildTiff(spec: TiffSpec): BuiltTiff {
  const big = spec.bigTiff === true;
  const littleEndian = spec.bigEndian !== true;
  const headerSize = big ? 16 : 8;
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const offsetSize = big ? 8 : 4;
  const writer = new Encoder(littleEndian);

  const pieceCounts = spec.levels.map(pieceCount);
  const pieceBytes = spec.levels.map((level) => level.bytesPerPiece ?? 32);
  const entriesFor = (index: number, offsets: readonly number[]) =>
    levelEntries(
      spec.levels[index] as TiffLevel,
      index,
      offsets,
      pieceBytes[index] as number,
      big,
      spec,
      writer,
    );

  // Pass 1: sizes (offsets do not change sizes).
  const sizes = spec.levels.map((_, index) => {
    const entries = entriesFor(index, new Array<number>(pieceCounts[index] as number).fill(0));
    const ifdSize = countSize + entries.length * entrySize + offsetSize;
    const valuesSize = entries.reduce(
      (sum, entry) => sum + (entry.data.length > offsetSize ? even(entry.data.length) : 0),
      0,
    );
    return { ifdSize, valuesSize };
  });

  // Positions.
  const ifdOffsets: number[] = [];
  const dataStarts: number[] = [];
  let position = headerSize;
  const placeData = (index: number) => {
    dataStarts[index] = position;
    position = even(position + (pieceCounts[index] as number) * (pieceBytes[index] as number));
  };
  const placeIfd = (index: number) => {
    ifdOffsets[index] = position;
    const size = sizes[index] as { ifdSize: number; valuesSize: number };
    position = even(position + size.ifdSize + size.valuesSize);
  };
  if (spec.layout === 'ifds-first') {
    spec.levels.forEach((_, index) => placeIfd(index));
    position = Math.max(position, spec.dataOffset ?? 0);
    spec.levels.forEach((_, index) => placeData(index));
  } else {
    spec.levels.forEach((level, index) => {
      position = Math.max(position, level.startAt ?? 0);
      placeData(index);
      placeIfd(index);
    });
  }

  const pointer = (value: number) => {
    if (big) return writer.u64(value);
    if (value >= FOUR_GIB && !spec.wrapOffsets)
      throw new RangeError(`offset ${value} needs BigTIFF or wrapOffsets`);
    return writer.u32(value % FOUR_GIB);
  };

  const chunks: BuiltTiff['chunks'] = [];
  const header = Buffer.concat([
    Buffer.from(littleEndian ? 'II' : 'MM', 'latin1'),
    writer.u16(big ? 43 : 42),
    ...(big ? [writer.u16(8), writer.u16(0)] : []),
    pointer(ifdOffsets[0] ?? 0),
  ]);
  chunks.push({ offset: 0, bytes: header });

  const layout: TiffLayout = { size: 0, headerSize, ifds: [], pieces: [] };
  spec.levels.forEach((_, index) => {
    const count = pieceCounts[index] as number;
    const bytesEach = pieceBytes[index] as number;
    const start = dataStarts[index] as number;
    const offsets = Array.from({ length: count }, (_unused, piece) => start + piece * bytesEach);
    const pieces = Buffer.alloc(count * bytesEach, (index + 1) & 0xff);
    const content = spec.levels[index]?.pieceContent;
    if (content && content.length > bytesEach)
      throw new RangeError('pieceContent is larger than bytesPerPiece');
    if (content) for (let piece = 0; piece < count; piece += 1) content.copy(pieces, piece * bytesEach);
    chunks.push({ offset: start, bytes: pieces });
    layout.pieces.push({ start, end: start + count * bytesEach, count });

    const entries = entriesFor(index, offsets);
    const ifdOffset = ifdOffsets[index] as number;
    const size = sizes[index] as { ifdSize: number; valuesSize: number };
    let valuePosition = ifdOffset + size.ifdSize;
    const values: Buffer[] = [];
    const parts: Buffer[] = [big ? writer.u64(entries.length) : writer.u16(entries.length)];
    for (const entry of entries) {
      parts.push(writer.u16(entry.tag), writer.u16(TYPE_CODES[entry.type].code));
      parts.push(big ? writer.u64(entry.count) : writer.u32(entry.count));
      if (entry.data.length <= offsetSize) {
        parts.push(Buffer.concat([entry.data, Buffer.alloc(offsetSize - entry.data.length)]));
      } else {
        parts.push(pointer(valuePosition));
        const padded = Buffer.concat([entry.data, Buffer.alloc(even(entry.data.length) - entry.data.length)]);
        values.push(padded);
        valuePosition += padded.length;
      }
    }
    const last = index === spec.levels.length - 1;
    const next = last
      ? spec.loopBackTo === undefined
        ? 0
        : (ifdOffsets[spec.loopBackTo] ?? 0)
      : (ifdOffsets[index + 1] ?? 0);
    parts.push(pointer(next));
    const directory = Buffer.concat(parts);
    chunks.push({ offset: ifdOffset, bytes: Buffer.concat([directory, ...values]) });
    layout.ifds.push({
      offset: ifdOffset,
      end: ifdOffset + directory.length,
      valuesStart: ifdOffset + directory.length,
      valuesEnd: valuePosition,
    });
  });
  layout.size = Math.max(...chunks.map((chunk) => chunk.offset + chunk.bytes.length));
  return { chunks, layout };
}

/** The whole file in memory (small files only). */
export function tiffBytes(spec: TiffSpec): { bytes: Buffer; layout: TiffLayout } {
  const { chunks, layout } = buildTiff(spec);
  if (layout.size > 256 * 1024 * 1024) throw new RangeError('use writeTiff for large files');
  const bytes = Buffer.alloc(layout.size);
  for (const chunk of chunks) chunk.bytes.copy(bytes, chunk.offset);
  return { bytes, layout };
}

/**
 * Writes the file with positioned writes (gaps stay sparse). `size` extends (sparsely) or cuts the file
 * to exactly that many bytes.
 */
export async function writeTiff(
  file: string,
  spec: TiffSpec,
  options: { size?: number } = {},
): Promise<TiffLayout> {
  const { chunks, layout } = buildTiff(spec);
  const handle = await open(file, 'w');
  try {
    for (const chunk of chunks) await handle.write(chunk.bytes, 0, chunk.bytes.length, chunk.offset);
    if (options.size !== undefined) await handle.truncate(options.size);
  } finally {
    await handle.close();
  }
  return layout;
}

function pieceCount(level: TiffLevel): number {
  if (level.strips) return Math.ceil(level.height / (level.rowsPerStrip ?? level.height));
  const tile = level.tileSize ?? 256;
  return Math.ceil(level.width / tile) * Math.ceil(level.height / tile);
}

function levelEntries(
  level: TiffLevel,
  index: number,
  offsets: readonly number[],
  bytesEach: number,
  big: boolean,
  spec: TiffSpec,
  writer: Encoder,
): Entry[] {
  const kept = level.dropLastPiece ? offsets.slice(0, -1) : offsets;
  const offsetType: TagType = big ? 'long8' : 'long';
  const storedOffsets = kept.map((offset) => (spec.wrapOffsets ? offset % FOUR_GIB : offset));
  const tile = level.tileSize ?? 256;
  const defaults: ExtraTag[] = [
    { tag: 254, type: 'long', value: level.subfileType ?? (index === 0 ? 0 : 1) },
    { tag: 256, type: 'long', value: level.width },
    { tag: 257, type: 'long', value: level.height },
    { tag: 258, type: 'short', value: [8, 8, 8] },
    { tag: 259, type: 'short', value: level.compression ?? 7 },
    { tag: 262, type: 'short', value: 2 },
    ...(level.description === undefined
      ? []
      : [{ tag: 270, type: 'ascii' as const, value: level.description }]),
    { tag: 277, type: 'short', value: 3 },
    { tag: 284, type: 'short', value: 1 },
    ...(level.strips
      ? [
          { tag: 273, type: offsetType, value: storedOffsets },
          { tag: 278, type: 'long' as const, value: level.rowsPerStrip ?? level.height },
          { tag: 279, type: 'long' as const, value: kept.map(() => bytesEach) },
        ]
      : [
          { tag: 322, type: 'short' as const, value: tile },
          { tag: 323, type: 'short' as const, value: tile },
          { tag: 324, type: offsetType, value: storedOffsets },
          { tag: 325, type: 'long' as const, value: kept.map(() => bytesEach) },
        ]),
  ];
  const byTag = new Map<number, ExtraTag>();
  for (const tag of [...defaults, ...(level.tags ?? [])]) byTag.set(tag.tag, tag);
  return [...byTag.values()]
    .sort((a, b) => a.tag - b.tag)
    .map((tag) => {
      const data = encodeValue(tag, writer);
      return { tag: tag.tag, type: tag.type, count: data.length / TYPE_CODES[tag.type].size, data };
    });
}

function encodeValue(tag: ExtraTag, writer: Encoder): Buffer {
  const { type, value } = tag;
  if (type === 'ascii') return Buffer.from(`${String(value)}\0`, 'utf8');
  if (Buffer.isBuffer(value)) return value;
  const numbers =
    typeof value === 'number' ? [value] : typeof value === 'string' ? [Number(value)] : [...value];
  return Buffer.concat(
    numbers.map((number) => {
      switch (type) {
        case 'byte':
        case 'undefined':
          return Buffer.from([number & 0xff]);
        case 'short':
          return writer.u16(number);
        case 'long':
          return writer.u32(number);
        case 'long8':
          return writer.u64(number);
        case 'rational':
          return Buffer.concat([writer.u32(Math.round(number * 10_000)), writer.u32(10_000)]);
        case 'float':
          return writer.f32(number);
        case 'double':
          return writer.f64(number);
      }
    }),
  );
}

const even = (value: number) => value + (value % 2);

class Encoder {
  constructor(private readonly littleEndian: boolean) {}
  u16(value: number): Buffer {
    const buffer = Buffer.alloc(2);
    if (this.littleEndian) buffer.writeUInt16LE(value);
    else buffer.writeUInt16BE(value);
    return buffer;
  }
  u32(value: number): Buffer {
    const buffer = Buffer.alloc(4);
    if (this.littleEndian) buffer.writeUInt32LE(value);
    else buffer.writeUInt32BE(value);
    return buffer;
  }
  u64(value: number): Buffer {
    const buffer = Buffer.alloc(8);
    if (this.littleEndian) buffer.writeBigUInt64LE(BigInt(value));
    else buffer.writeBigUInt64BE(BigInt(value));
    return buffer;
  }
  f32(value: number): Buffer {
    const buffer = Buffer.alloc(4);
    if (this.littleEndian) buffer.writeFloatLE(value);
    else buffer.writeFloatBE(value);
    return buffer;
  }
  f64(value: number): Buffer {
    const buffer = Buffer.alloc(8);
    if (this.littleEndian) buffer.writeDoubleLE(value);
    else buffer.writeDoubleBE(value);
    return buffer;
  }
}
