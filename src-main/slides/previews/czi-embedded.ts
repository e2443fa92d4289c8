import { readUInt64 } from '../byte-reader.js';
import { imageSignature } from '../mirax-pictures.js';
import { encodedSource } from './encoded-source.js';
import { MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/**
 * ZEN keeps a CZI's label and slide preview as a small CZI file inside the attachment. We read the one image
 * sub-block such a file holds when it is uncompressed 8-bit grey or BGR(A), or a JPEG; JPEG XR and zstd
 * (which sharp does not decode), 16-bit pixels and images split into several blocks are reported instead.
 * Everything is read from the bytes already in memory, and every position is checked before use.
 */

const SEGMENT_HEADER = 32;
const DIRECTORY_AT = 84;
const DIRECTORY_ENTRIES_AT = 128;
const ENTRY_FIXED = 32;
const DIMENSION = 20;
/** The sub-block's data: sizes (16 bytes), its directory entry, padding up to at least 256 bytes. */
const SUBBLOCK_FIXED = 16;
const SUBBLOCK_HEADER_MIN = 256;

const UNCOMPRESSED = 0;
const JPEG = 1;
const COMPRESSION_NAMES: Record<number, string> = { 2: 'LZW', 4: 'JPEG XR', 5: 'zstd', 6: 'zstd' };
/** Pixel types with 8 bits a sample: bytes per pixel and the channels kept. */
const EIGHT_BIT: Record<number, { bytes: number; channels: 1 | 3 }> = {
  0: { bytes: 1, channels: 1 }, // Gray8
  3: { bytes: 3, channels: 3 }, // Bgr24
  9: { bytes: 4, channels: 3 }, // Bgra32
};

interface Block {
  pixelType: number;
  compression: number;
  position: number;
  width: number;
  height: number;
}

export async function embeddedCziPicture(bytes: Buffer, words: string): Promise<SourceLookup> {
  const unreadable = (why: string): SourceLookup => ({ missing: `'s ${words} ${why}` });
  const block = onlyBlock(bytes);
  if (typeof block === 'string') return unreadable(block);
  const data = subBlockData(bytes, block.position);
  if (!data) return unreadable('is a small CZI image whose block cannot be read');
  if (block.compression === JPEG) {
    return imageSignature(data) === 'jpeg'
      ? encodedSource(Buffer.from(data), words)
      : unreadable('is a small CZI image whose JPEG block is not a JPEG');
  }
  if (block.compression !== UNCOMPRESSED)
    return unreadable(
      `is a small CZI image compressed as ${COMPRESSION_NAMES[block.compression] ?? `code ${block.compression}`}, which this app cannot decode`,
    );
  const layout = EIGHT_BIT[block.pixelType];
  if (!layout)
    return unreadable(`is a small CZI image of pixel type ${block.pixelType}, which this app cannot show`);
  const { width, height } = block;
  if (width <= 0 || height <= 0 || width * height > MAX_FALLBACK_PIXELS)
    return unreadable('is a small CZI image of an impossible size');
  if (data.length < width * height * layout.bytes) return unreadable('is a small CZI image cut short');
  const pixels = Buffer.alloc(width * height * layout.channels);
  for (let pixel = 0; pixel < width * height; pixel += 1) {
    const from = pixel * layout.bytes;
    if (layout.channels === 1) pixels[pixel] = data[from]!;
    else {
      // Stored blue, green, red (then alpha): sharp wants red first.
      pixels[pixel * 3] = data[from + 2]!;
      pixels[pixel * 3 + 1] = data[from + 1]!;
      pixels[pixel * 3 + 2] = data[from]!;
    }
  }
  return {
    kind: 'bytes',
    bytes: pixels,
    raw: { width, height, channels: layout.channels },
    width,
    height,
    origin: 'associated',
  };
}

/** The embedded file's one image block, or why it has none this app reads. */
function onlyBlock(bytes: Buffer): Block | string {
  const directory = bytes.length >= DIRECTORY_AT + 8 ? readUInt64(bytes, DIRECTORY_AT, true) : 0;
  const entries = directory + SEGMENT_HEADER + DIRECTORY_ENTRIES_AT;
  if (
    !Number.isSafeInteger(directory) ||
    directory <= 0 ||
    entries + ENTRY_FIXED > bytes.length ||
    bytes.toString('latin1', directory, directory + 15) !== 'ZISRAWDIRECTORY'
  )
    return 'is a small CZI image whose directory cannot be read';
  const count = bytes.readInt32LE(directory + SEGMENT_HEADER);
  if (count !== 1)
    return count > 1
      ? 'is a small CZI image split into several blocks, which this app does not join'
      : 'is a small CZI image that holds no picture';
  if (bytes.toString('latin1', entries, entries + 2) !== 'DV')
    return 'is a small CZI image whose directory cannot be read';
  const dimensions = bytes.readInt32LE(entries + 28);
  if (dimensions < 0 || dimensions > 64 || entries + ENTRY_FIXED + dimensions * DIMENSION > bytes.length)
    return 'is a small CZI image whose directory cannot be read';
  let width = 0;
  let height = 0;
  for (let index = 0; index < dimensions; index += 1) {
    const at = entries + ENTRY_FIXED + index * DIMENSION;
    const name = bytes.toString('latin1', at, at + 4).replace(/\0+$/, '');
    if (name === 'X') width = bytes.readInt32LE(at + 16);
    if (name === 'Y') height = bytes.readInt32LE(at + 16);
  }
  return {
    pixelType: bytes.readInt32LE(entries + 2),
    position: readUInt64(bytes, entries + 6, true),
    compression: bytes.readInt32LE(entries + 18),
    width,
    height,
  };
}

/** The pixel bytes of the sub-block segment at `position`, when it lies whole inside `bytes`. */
function subBlockData(bytes: Buffer, position: number): Buffer | undefined {
  const start = position + SEGMENT_HEADER;
  if (
    !Number.isSafeInteger(position) ||
    start + SUBBLOCK_FIXED + ENTRY_FIXED > bytes.length ||
    bytes.toString('latin1', position, position + 14) !== 'ZISRAWSUBBLOCK'
  )
    return undefined;
  const metadataSize = bytes.readInt32LE(start);
  const dataSize = readUInt64(bytes, start + 8, true);
  const dimensions = bytes.readInt32LE(start + SUBBLOCK_FIXED + 28);
  if (metadataSize < 0 || dimensions < 0 || dimensions > 64 || !Number.isSafeInteger(dataSize))
    return undefined;
  const header = Math.max(SUBBLOCK_HEADER_MIN, SUBBLOCK_FIXED + ENTRY_FIXED + dimensions * DIMENSION);
  const dataStart = start + header + metadataSize;
  if (dataStart + dataSize > bytes.length) return undefined;
  return bytes.subarray(dataStart, dataStart + dataSize);
}
