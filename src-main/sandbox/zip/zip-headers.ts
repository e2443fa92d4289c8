import type { Entry, LocalFileHeader } from 'yauzl';

/** General purpose bit 3: CRC and sizes follow the data (yazl sets it for every streamed entry). */
const DATA_DESCRIPTOR_FLAG = 0x8;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const ZIP64_EXTRA = 0x0001;
const NO_32_BIT_VALUE = 0xffffffff;

export const hasDataDescriptor = (local: LocalFileHeader): boolean =>
  (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) !== 0;

/**
 * The local header must describe the same entry as the central directory: same name and method, and, when it
 * carries them (no data descriptor), the same CRC and sizes. Returns the disagreement, if any.
 */
export function checkLocalHeader(entry: Entry, local: LocalFileHeader): string | undefined {
  if (!local.fileName.equals(entry.fileNameRaw)) {
    return `local header names "${local.fileName.toString('utf8')}" instead`;
  }
  if (local.compressionMethod !== entry.compressionMethod) {
    return `local header says method ${local.compressionMethod}, central directory ${entry.compressionMethod}`;
  }
  if (hasDataDescriptor(local)) return undefined;
  const sizes = localSizes(local);
  if (local.crc32 >>> 0 !== entry.crc32 >>> 0)
    return 'local header CRC-32 differs from the central directory';
  if (sizes.compressed !== entry.compressedSize || sizes.uncompressed !== entry.uncompressedSize) {
    return `local header sizes (${sizes.compressed}/${sizes.uncompressed}) differ from the central directory (${entry.compressedSize}/${entry.uncompressedSize})`;
  }
  return undefined;
}

/** Sizes of a local header, taken from its ZIP64 extra field where the 32-bit fields say "see there". */
function localSizes(local: LocalFileHeader): { compressed: number; uncompressed: number } {
  let uncompressed = local.uncompressedSize;
  let compressed = local.compressedSize;
  const zip64 = extraField(local.extraField, ZIP64_EXTRA);
  if (zip64) {
    let at = 0;
    if (uncompressed === NO_32_BIT_VALUE && zip64.length >= at + 8) {
      uncompressed = Number(zip64.readBigUInt64LE(at));
      at += 8;
    }
    if (compressed === NO_32_BIT_VALUE && zip64.length >= at + 8)
      compressed = Number(zip64.readBigUInt64LE(at));
  }
  return { compressed, uncompressed };
}

function extraField(raw: Buffer, id: number): Buffer | undefined {
  for (let at = 0; at + 4 <= raw.length;) {
    const size = raw.readUInt16LE(at + 2);
    if (raw.readUInt16LE(at) === id) return raw.subarray(at + 4, at + 4 + size);
    at += 4 + size;
  }
  return undefined;
}

/**
 * The data descriptor after an entry's data must repeat the central CRC and sizes. Its signature is optional and
 * its sizes are 4 or 8 bytes (ZIP64; yazl also uses 8 for an entry whose header offset is past 4 GiB, where the
 * local header carries no ZIP64 field), so every reading is tried and one must agree.
 */
export function checkDataDescriptor(entry: Entry, bytes: Buffer): string | undefined {
  const starts = bytes.length >= 4 && bytes.readUInt32LE(0) === DESCRIPTOR_SIGNATURE ? [4, 0] : [0];
  for (const start of starts) {
    for (const wide of [false, true]) {
      const read = readDescriptor(bytes, start, wide);
      if (
        read &&
        read.crc === entry.crc32 >>> 0 &&
        read.compressed === entry.compressedSize &&
        read.uncompressed === entry.uncompressedSize
      ) {
        return undefined;
      }
    }
  }
  return 'data descriptor (CRC-32 and sizes after the data) differs from the central directory, or is missing';
}

function readDescriptor(
  bytes: Buffer,
  start: number,
  wide: boolean,
): { crc: number; compressed: number; uncompressed: number } | undefined {
  const width = wide ? 8 : 4;
  if (bytes.length < start + 4 + 2 * width) return undefined;
  const size = (at: number) => (wide ? Number(bytes.readBigUInt64LE(at)) : bytes.readUInt32LE(at));
  return {
    crc: bytes.readUInt32LE(start),
    compressed: size(start + 4),
    uncompressed: size(start + 4 + width),
  };
}
