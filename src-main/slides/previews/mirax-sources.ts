import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { ByteReader } from '../byte-reader.js';
import { imageSignature, pictureValues, readMiraxFiles, readPictureRecord } from '../mirax-pictures.js';
import type { SlideMember } from '../types.js';
import { loadSharp } from './render.js';
import { KIND_WORDS, MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/** A label, macro or thumbnail larger than this is not a picture worth reading whole. */
const MAX_PICTURE_BYTES = 64 * 1024 * 1024;

/**
 * A MIRAX slide's label, macro or thumbnail: the "Scan data layer" value OpenSlide reads for it
 * (mirax-pictures.ts), whose one Index.dat record is a JPEG (or PNG) in a data file. A slide without a thumbnail
 * gets none: its smallest level is many images this app does not join.
 */
export async function miraxSource(
  members: readonly SlideMember[],
  kind: SlidePreviewKind,
): Promise<SourceLookup> {
  const words = KIND_WORDS[kind];
  const files = await readMiraxFiles(members);
  if (!files.ok) return { missing: `'s ${words} cannot be found: ${files.problem}` };
  const value = pictureValues(files.value.values)?.find((found) => found.picture === kind);
  if (!value) return { missing: ` has no ${words}` };
  const record = await readPictureRecord(files.value, value.record);
  if (!record.ok) return { missing: `'s ${words} cannot be found: ${record.problem}` };
  const { fileNumber, offset, length } = record.value;
  const unreadable = { missing: `'s ${words} is stored in a way this app cannot read` };
  if (length > MAX_PICTURE_BYTES) return unreadable;
  const dataFile = files.value.dataFiles[fileNumber]!;
  const reader = await ByteReader.open(dataFile.path, { knownFile: { size: dataFile.size } });
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await reader.read(offset, length));
  } finally {
    await reader.close();
  }
  // libvips reads JPEG and PNG; MIRAX's BMP24 is not a format it decodes.
  const signature = imageSignature(bytes);
  if (bytes.length < length || (signature !== 'jpeg' && signature !== 'png')) return unreadable;
  const sharp = await loadSharp();
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  if (width <= 0 || height <= 0 || width * height > MAX_FALLBACK_PIXELS) return unreadable;
  return { kind: 'bytes', bytes, width, height, origin: 'associated' };
}
