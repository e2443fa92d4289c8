import { bytes } from '../reasons.js';
import type { IfdFields } from './ifd-fields.js';
import type { TiffStructure } from './ifd-walker.js';
import { Tag } from './tags.js';

/**
 * Checks that a directory's strip/tile tables have the counts its size implies and that every piece of
 * image data lies inside the file. Only the tables are read — never the pixel data itself.
 */
export function checkImageData(fields: IfdFields, fileSize: number, structure: TiffStructure): void {
  const image = `image ${fields.ifd.index + 1}`;
  const { width, height } = fields;
  if (!width || !height) {
    structure.damage.push(`${image} does not say how large it is`);
    return;
  }
  const offsetsTag = fields.tiled ? Tag.TileOffsets : Tag.StripOffsets;
  const countsTag = fields.tiled ? Tag.TileByteCounts : Tag.StripByteCounts;
  if (!fields.ifd.entries.has(offsetsTag)) {
    structure.damage.push(`${image} has no table of where its image data is`);
    return;
  }
  // A table that itself lies past the end was already reported by the walker.
  const offsets = fields.dataOffsets;
  if (!offsets) return;
  const pieces = fields.tiled ? 'tiles' : 'strips';

  const expected = expectedPieceCount(fields);
  if (expected === undefined) {
    structure.damage.push(`${image} is tiled but does not say how large its tiles are`);
    return;
  }
  if (offsets.length < expected) {
    structure.damage.push(
      `${image} lists ${bytes(offsets.length)} of the ${bytes(expected)} ${pieces} it should have`,
    );
    return;
  }

  const counts = fields.dataByteCounts;
  if (!counts) {
    if (fields.ifd.entries.has(countsTag)) return; // past the end: already reported
    if (fields.tiled) {
      structure.damage.push(`${image} does not say how long its tiles are`);
      return;
    }
    // Very old writers omit StripByteCounts for a single strip; readers estimate it. Check what we can.
    structure.warnings.push(
      `Image ${fields.ifd.index + 1} does not record its strip lengths, so its completeness was only partly checked.`,
    );
    checkRanges(
      offsets,
      offsets.map(() => 1),
      fileSize,
      structure,
      image,
      pieces,
    );
    return;
  }
  if (counts.length !== offsets.length) {
    structure.damage.push(
      `${image} lists ${bytes(offsets.length)} ${pieces} but ${bytes(counts.length)} ${pieces} lengths`,
    );
    return;
  }
  checkRanges(offsets, counts, fileSize, structure, image, pieces);
}

function checkRanges(
  offsets: readonly number[],
  counts: readonly number[],
  fileSize: number,
  structure: TiffStructure,
  image: string,
  pieces: string,
): void {
  const headerSize = structure.header.headerSize;
  let beyond = 0;
  let neededEnd = 0;
  let unwritten = 0;
  let misplaced = 0;
  for (let i = 0; i < offsets.length; i += 1) {
    const count = counts[i] ?? 0;
    // An empty piece is legal (sparse tiles): readers fill it with background.
    if (count === 0) continue;
    const offset = offsets[i] ?? 0;
    if (offset === 0) {
      unwritten += 1;
    } else if (offset < headerSize) {
      misplaced += 1;
    } else if (offset + count > fileSize) {
      beyond += 1;
      neededEnd = Math.max(neededEnd, offset + count);
    }
  }
  if (unwritten > 0) {
    structure.unfinished.push(
      `${bytes(unwritten)} of the ${bytes(offsets.length)} ${pieces} of ${image} have not been written yet`,
    );
  }
  if (misplaced > 0) {
    structure.damage.push(`${bytes(misplaced)} ${pieces} of ${image} point into the file header`);
  }
  if (beyond > 0) {
    structure.pastEnd.push({
      what: `${bytes(beyond)} of the ${bytes(offsets.length)} ${pieces} of ${image}`,
      neededEnd,
      maybeNdpiWrap: structure.ndpiWide,
    });
  }
}

/** Pieces the image's size implies: tiles across × down (× depth, × planes when stored plane by plane). */
export function expectedPieceCount(fields: IfdFields): number | undefined {
  const width = fields.width ?? 0;
  const height = fields.height ?? 0;
  const planes = fields.planarConfiguration === 2 ? Math.max(1, fields.samplesPerPixel) : 1;
  if (fields.tiled) {
    if (!fields.tileWidth || !fields.tileLength) return undefined;
    const depth = Math.ceil(Math.max(1, fields.imageDepth) / Math.max(1, fields.tileDepth));
    return Math.ceil(width / fields.tileWidth) * Math.ceil(height / fields.tileLength) * depth * planes;
  }
  const rowsPerStrip = Math.min(fields.rowsPerStrip || height, height);
  return Math.ceil(height / rowsPerStrip) * planes;
}
