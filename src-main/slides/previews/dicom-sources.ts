import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { ByteReader } from '../byte-reader.js';
import { readDicomInstance, type DicomInstance } from '../dicom/dicom-instance.js';
import { imageRole, type ImageRole } from '../dicom/roles.js';
import { KIND_WORDS, MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/** Transfer syntaxes whose single frame is one JPEG stream libvips decodes (baseline, extended, lossless 14 SV1). */
const JPEG_SYNTAXES = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.70']);
/** Native (uncompressed) little-endian pixel data, explicit and implicit VR. */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2.1', '1.2.840.10008.1.2']);
const ITEM = 0xfffee000;
const SEQUENCE_DELIMITER = 0xfffee0dd;
/** A frame larger than this is not an associated picture worth reading whole. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const ROLE_OF: Record<SlidePreviewKind, ImageRole> = {
  thumbnail: 'thumbnail',
  label: 'label',
  macro: 'overview',
};

/**
 * A DICOM series' preview picture: its LABEL, OVERVIEW (macro) or THUMBNAIL instance, or for a thumbnail the
 * smallest VOLUME instance held in one frame. Only single-frame instances in JPEG or uncompressed 8-bit data
 * are read; others (JPEG 2000, tiled pictures) are reported as not readable.
 */
export async function dicomSource(files: readonly string[], kind: SlidePreviewKind): Promise<SourceLookup> {
  const instances: DicomInstance[] = [];
  for (const file of files) {
    const reader = await ByteReader.open(file);
    try {
      instances.push((await readDicomInstance(reader, { checkPixelData: false })).instance);
    } finally {
      await reader.close();
    }
  }
  const words = KIND_WORDS[kind];
  const own = instances.find((instance) => imageRole(instance) === ROLE_OF[kind]);
  if (own) return frameSource(own, 'associated', words);
  if (kind !== 'thumbnail')
    return { missing: ` has no ${words} (no ${ROLE_OF[kind].toUpperCase()} instance)` };
  const oneFrame = instances
    .filter((instance) => imageRole(instance) === 'volume' && (instance.numberOfFrames ?? 1) === 1)
    .sort((a, b) => pixels(a) - pixels(b))[0];
  if (!oneFrame)
    return {
      missing:
        ' has no thumbnail instance, and its smallest level is split into tiles this app does not join',
    };
  return frameSource(oneFrame, 'smallest-level', words);
}

const pixels = (instance: DicomInstance) => (instance.columns ?? 0) * (instance.rows ?? 0);

async function frameSource(
  instance: DicomInstance,
  origin: 'associated' | 'smallest-level',
  words: string,
): Promise<SourceLookup> {
  const { columns = 0, rows = 0, pixelData, transferSyntax = '' } = instance;
  const unreadable = { missing: `'s ${words} is stored in a way this app cannot read` };
  if (!pixelData || columns <= 0 || rows <= 0 || (instance.numberOfFrames ?? 1) !== 1) return unreadable;
  if (columns * rows > MAX_FALLBACK_PIXELS) return unreadable;
  // A frame may be padded past the image (a 64-pixel tile holding a 16-pixel image): keep the image only.
  const width = Math.min(columns, instance.totalColumns ?? columns);
  const height = Math.min(rows, instance.totalRows ?? rows);
  const crop = width < columns || height < rows ? { width, height } : undefined;
  const reader = await ByteReader.open(instance.file);
  try {
    if (JPEG_SYNTAXES.has(transferSyntax) && pixelData.length === undefined) {
      const bytes = await firstFrame(reader, pixelData.valueStart);
      if (!bytes) return unreadable;
      return { kind: 'bytes', bytes, width: columns, height: rows, crop, origin };
    }
    const channels = instance.samplesPerPixel;
    if (
      NATIVE_SYNTAXES.has(transferSyntax) &&
      instance.bitsAllocated === 8 &&
      (channels === 1 || channels === 3)
    ) {
      const length = columns * rows * channels;
      const bytes = await reader.read(pixelData.valueStart, length);
      if (bytes.length < length) return unreadable;
      return {
        kind: 'bytes',
        bytes: Buffer.from(bytes),
        raw: { width: columns, height: rows, channels },
        width: columns,
        height: rows,
        crop,
        origin,
      };
    }
    return {
      missing: `'s ${words} is compressed in a way this app cannot decode (transfer syntax ${transferSyntax})`,
    };
  } finally {
    await reader.close();
  }
}

/** The fragments after the Basic Offset Table, joined: one frame's JPEG stream. */
async function firstFrame(reader: ByteReader, valueStart: number): Promise<Buffer | undefined> {
  let position = valueStart;
  const table = await reader.read(position, 8);
  if (table.length < 8 || tagOf(table) !== ITEM) return undefined;
  position += 8 + table.readUInt32LE(4);
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const head = await reader.read(position, 8);
    if (head.length < 8) return undefined;
    const tag = tagOf(head);
    if (tag === SEQUENCE_DELIMITER) break;
    if (tag !== ITEM) return undefined;
    const length = head.readUInt32LE(4);
    total += length;
    if (total > MAX_FRAME_BYTES) return undefined;
    parts.push(Buffer.from(await reader.read(position + 8, length)));
    position += 8 + length;
  }
  return parts.length > 0 ? Buffer.concat(parts) : undefined;
}

const tagOf = (head: Buffer) => ((head.readUInt16LE(0) << 16) | head.readUInt16LE(2)) >>> 0;
