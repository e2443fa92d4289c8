import { readUInt64, type ByteReader } from '../byte-reader.js';
import type { TiffHeader } from './ifd-walker.js';
import { TYPE_SIZES } from './tags.js';

export const FOUR_GIB = 2 ** 32;

/** Sizes of the directory structures: classic TIFF or BigTIFF. */
export interface Layout {
  countSize: number;
  entrySize: number;
  offsetSize: number;
}

/**
 * NDPI files over 4 GB keep 32-bit directory pointers. Some writers append the high 32 bits after the
 * pointer (tifffile's "NDPI 64-bit" layout); otherwise the true position is the stored one plus a multiple
 * of 4 GB. Try the candidates and take the first that looks like a real directory.
 */
export async function resolveNdpiPointer(
  reader: ByteReader,
  layout: Layout,
  header: TiffHeader,
  stored: number,
  pointerAt: number | undefined,
): Promise<number | undefined> {
  const candidates: number[] = [];
  if (pointerAt !== undefined) {
    const wide = await reader.read(pointerAt, 8);
    if (wide.length === 8) candidates.push(readUInt64(wide, 0, header.littleEndian));
  }
  for (let candidate = stored; candidate < reader.size; candidate += FOUR_GIB) candidates.push(candidate);
  for (const candidate of candidates) {
    if (candidate > 0 && candidate < reader.size && (await looksLikeIfd(reader, layout, header, candidate))) {
      return candidate;
    }
  }
  return undefined;
}

/** A plausible directory: a sane entry count, known types, tags in ascending order. */
async function looksLikeIfd(
  reader: ByteReader,
  layout: Layout,
  header: TiffHeader,
  offset: number,
): Promise<boolean> {
  const head = await reader.read(offset, layout.countSize + 8 * layout.entrySize);
  if (head.length < layout.countSize + layout.entrySize) return false;
  const count = header.bigTiff
    ? readUInt64(head, 0, header.littleEndian)
    : header.littleEndian
      ? head.readUInt16LE(0)
      : head.readUInt16BE(0);
  if (count === 0 || count > 1_000) return false;
  let previousTag = -1;
  for (let i = 0; i < Math.min(count, 8); i += 1) {
    const at = layout.countSize + i * layout.entrySize;
    if (at + 4 > head.length) break;
    const tag = header.littleEndian ? head.readUInt16LE(at) : head.readUInt16BE(at);
    const type = header.littleEndian ? head.readUInt16LE(at + 2) : head.readUInt16BE(at + 2);
    if (!TYPE_SIZES.has(type) || tag <= previousTag) return false;
    previousTag = tag;
  }
  return true;
}
