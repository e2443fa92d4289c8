import { open } from 'node:fs/promises';
import type { ByteReader } from '../byte-reader.js';
import type { DicomInstance } from './dicom-instance.js';

/**
 * How many frames (tiles) the image data of an instance holds, counted without reading any of them, so it
 * can be compared with NumberOfFrames:
 *  - encapsulated with a Basic Offset Table: one entry per frame (exact);
 *  - encapsulated without one: the fragments, from their 8-byte headers only (a frame is one or more
 *    fragments, so fewer fragments than frames means frames are missing). The walk stops once the declared
 *    frames are found, and after at most MAX_WALKED_FRAGMENTS headers: a base level may hold 100,000 tiles
 *    and each header is a separate read on a network share, so such a level is checked only for its first
 *    fragments (a count far short of the declared one is still caught);
 *  - native: the value length over the size of one frame.
 */

export interface FrameCount {
  frames: number;
  /** True when `frames` is the exact count; false when the data holds at most that many frames. */
  exact: boolean;
  from: 'offset table' | 'fragments' | 'image data';
  /** The offset table points past the end of the image data. */
  outside?: boolean;
}

/** More fragment headers than this are not walked (the count is then unknown). */
const MAX_WALKED_FRAGMENTS = 1024;
/** A Basic Offset Table larger than this (16 million frames) is not read. */
const MAX_OFFSET_TABLE = 64 * 1024 * 1024;
const ITEM = 0xfffee000;
const SEQUENCE_DELIMITER = 0xfffee0dd;

export async function countFrames(
  reader: ByteReader,
  instance: DicomInstance,
  littleEndian: boolean,
): Promise<FrameCount | undefined> {
  const pixelData = instance.pixelData;
  if (!pixelData) return undefined;
  if (pixelData.length !== undefined) return nativeFrames(instance, pixelData.length);
  // Encapsulated pixel data is always little endian (PS3.5 A.4); checkPixelData has already walked it whole.
  if (!littleEndian) return undefined;
  const head = await reader.read(pixelData.valueStart, 8);
  if (head.length < 8 || tagOf(head) !== ITEM) return undefined;
  const tableLength = head.readUInt32LE(4);
  const firstFragment = pixelData.valueStart + 8 + tableLength;
  if (tableLength >= 4 && tableLength <= MAX_OFFSET_TABLE) {
    const last = await reader.read(firstFragment - 4, 4);
    const outside = last.length === 4 && firstFragment + last.readUInt32LE(0) + 8 > reader.size;
    return { frames: Math.floor(tableLength / 4), exact: true, from: 'offset table', outside };
  }
  if (tableLength !== 0) return undefined;
  // Walking stops once the declared frames are accounted for: more fragments can never be a problem.
  const declared = instance.numberOfFrames ?? 1;
  const fragments = await walkFragments(reader.file, firstFragment, reader.size, declared);
  return fragments === undefined ? undefined : { frames: fragments, exact: false, from: 'fragments' };
}

function nativeFrames(instance: DicomInstance, length: number): FrameCount | undefined {
  const { rows, columns, samplesPerPixel, bitsAllocated } = instance;
  if (!rows || !columns || !samplesPerPixel || !bitsAllocated) return undefined;
  const frameBytes = (rows * columns * samplesPerPixel * bitsAllocated) / 8;
  return { frames: Math.floor(length / frameBytes), exact: false, from: 'image data' };
}

/** Fragment headers from `start` to the sequence delimiter, with 8-byte reads (never a whole window). */
async function walkFragments(
  file: string,
  start: number,
  size: number,
  enough: number,
): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    let position = start;
    for (let fragments = 0; fragments <= MAX_WALKED_FRAGMENTS; fragments += 1) {
      if (fragments >= enough) return fragments;
      if (position + 8 > size) return undefined;
      const { bytesRead } = await handle.read(head, 0, 8, position);
      if (bytesRead < 8) return undefined;
      const tag = tagOf(head);
      if (tag === SEQUENCE_DELIMITER) return fragments;
      if (tag !== ITEM) return undefined;
      position += 8 + head.readUInt32LE(4);
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

const tagOf = (head: Buffer) => ((head.readUInt16LE(0) << 16) | head.readUInt16LE(2)) >>> 0;
