import type { ByteReader } from '../byte-reader.js';
import { extensionOf } from '../extensions.js';
import { formatLabel } from '../reasons.js';
import type { SlideFormat } from '../types.js';
import { readIfdFields, type IfdFields } from '../tiff/ifd-fields.js';
import { readTiffHeader, walkTiff, type Ifd, type TiffHeader } from '../tiff/ifd-walker.js';
import { Tag } from '../tiff/tags.js';
import { detectTiffFormat } from '../tiff/vendors.js';
import type { BytePatch, DeidOutcome } from './plan.js';
import { blankAperioDescription, blankTextValue } from './blank-text.js';
import { mergePatches, overlapsAny, type Range } from './ranges.js';

/**
 * The de-identification plan of a TIFF-based slide (Aperio SVS, Hamamatsu NDPI, generic pyramidal TIFF):
 * - label and macro images removed: their strips/tiles zeroed and their directories unlinked from the chain
 *   (the previous directory's next pointer, or the header's, skips them), so slide readers no longer list them;
 * - identifying metadata blanked in place, same length: TIFF DocumentName/DateTime/Artist/HostComputer, NDPI slide
 *   label text and scanner serial number, and the Aperio description's Filename/Date/Time/User/Barcode/ScanScope ID.
 * Anything it cannot classify refuses the slide: with de-identification on, a label is never sent by accident.
 */

const SUPPORTED: ReadonlySet<SlideFormat> = new Set(['aperio-svs', 'hamamatsu-ndpi', 'generic-tiff']);

/** Text tags that name people, places, times or devices; blanked wherever they appear. */
const TEXT_TAGS: ReadonlyArray<[number, string]> = [
  [Tag.DocumentName, 'DocumentName'],
  [Tag.DateTime, 'DateTime'],
  [Tag.Artist, 'Artist'],
  [Tag.HostComputer, 'HostComputer'],
  [Tag.NdpiSlideLabel, 'NDPI slide label'],
  [Tag.NdpiScannerSerialNumber, 'NDPI scanner serial number'],
];

/** An associated picture named by its description ("label 387x463", "macro 1280x431"), at a line start. */
const ASSOCIATED = /^\s*(label|macro|overview)\b/im;
/** NewSubfileType bit 2: a transparency mask (never a picture of the glass). */
const MASK_BIT = 4;
/** NDPI source lens -1: the macro (the whole glass, label included). */
const NDPI_MACRO_LENS = -1;

type Role = { keep: true } | { keep: false; what: string } | { unknown: string };

export async function planTiff(reader: ByteReader, mtimeMs: number): Promise<DeidOutcome> {
  const name = reader.name;
  const refuse = (why: string): DeidOutcome => ({
    ok: false,
    reason: `${name} was not uploaded: de-identification is on, and ${why}. Upload it with de-identification off only if it may carry its label, or remove the label with the scanner's software first.`,
  });
  const header = await readTiffHeader(reader);
  if (!header.ok) return refuse('its TIFF header could not be read');
  const structure = await walkTiff(reader, header.header, { ndpiHint: extensionOf(reader.file) === '.ndpi' });
  if (structure.stoppedEarly || structure.pastEnd.length > 0 || structure.damage.length > 0)
    return refuse('not all of its image directories could be read, so its label cannot be found for sure');
  const fields: IfdFields[] = [];
  for (const ifd of structure.ifds) fields.push(await readIfdFields(reader, header.header, ifd));

  const format = extensionOf(reader.file) === '.vsi' ? 'olympus-vsi' : detectTiffFormat(fields);
  if (!SUPPORTED.has(format))
    return refuse(`removing labels from ${formatLabel(format)} files is not supported yet`);
  if (format === 'hamamatsu-ndpi' && structure.ndpiWide)
    return refuse(
      'it is an NDPI file of 4 GB or more, which stores positions without their high bits, so its macro image cannot be unlinked safely',
    );

  const roles = fields.map((field) => roleOf(format, field));
  const unknown = roles.find((role): role is { unknown: string } => 'unknown' in role);
  if (unknown) return refuse(unknown.unknown);

  const keepsAnImage = structure.ifds.some((ifd) => !ifd.fromSubIfd && isKept(roles[ifd.index]));
  if (!keepsAnImage) return refuse('every image in it looks like a label or macro picture');

  const patches: BytePatch[] = [];
  const removed: string[] = [];
  const zeroed: Range[] = [];
  for (const [index, field] of fields.entries()) {
    const role = roles[index]!;
    if (!('keep' in role) || role.keep) continue;
    const offsets = field.dataOffsets;
    const counts = field.dataByteCounts;
    if (field.ifd.fromSubIfd || !offsets || !counts || counts.length !== offsets.length)
      return refuse(`its ${role.what} is stored in a way that cannot be wiped safely`);
    for (const [i, offset] of offsets.entries()) {
      const length = counts[i] ?? 0;
      if (length > 0) zeroed.push({ offset, length });
    }
    removed.push(role.what);
  }
  // Wiping must never touch what stays: another image's data, any directory, any value of a kept directory.
  const kept = keptRanges(fields, roles, header.header);
  if (overlapsAny(zeroed, kept))
    return refuse('its label or macro shares bytes with the images that stay, so it cannot be wiped safely');
  patches.push(...zeroed);
  patches.push(...relinkChain(structure.ifds, roles, header.header));

  const blanked: string[] = [];
  for (const field of fields) {
    for (const [tag, label] of TEXT_TAGS) {
      const patch = await blankTextValue(reader, field.ifd.entries.get(tag));
      if (patch) {
        patches.push(patch);
        blanked.push(label);
      }
    }
    const description = field.ifd.entries.get(Tag.ImageDescription);
    if (format === 'aperio-svs' && description) {
      const result = await blankAperioDescription(reader, description);
      if (result) {
        patches.push(result.patch);
        blanked.push(...result.fields);
      }
    }
  }
  const merged = mergePatches(patches);
  if (!merged) return refuse('its metadata and image data overlap in an unusual way');
  return {
    ok: true,
    plan: {
      version: 1,
      size: reader.size,
      mtimeMs,
      removed,
      blanked: [...new Set(blanked)],
      patches: merged,
    },
  };
}

const isKept = (role: Role | undefined): boolean => role !== undefined && 'keep' in role && role.keep;

function roleOf(format: SlideFormat, field: IfdFields): Role {
  const description = field.description ?? '';
  const kind = ASSOCIATED.exec(description)?.[1]?.toLowerCase();
  if (format === 'hamamatsu-ndpi') {
    if (field.ndpiSourceLens === NDPI_MACRO_LENS) return { keep: false, what: 'macro image' };
    return { keep: true };
  }
  if (kind) return { keep: false, what: `${kind} image` };
  if (field.tiled || field.ifd.fromSubIfd || (field.subfileType & MASK_BIT) !== 0) return { keep: true };
  // Aperio: the one untiled directory that is not named is the second, the thumbnail (OpenSlide's rule).
  if (format === 'aperio-svs' && field.ifd.index === 1) return { keep: true };
  // A flat (untiled) image that is the file's only main image is the slide itself.
  if (field.ifd.index === 0) return { keep: true };
  return {
    unknown: `it holds an untiled image (number ${field.ifd.index + 1}, ${field.width ?? '?'}×${field.height ?? '?'} pixels) that is neither a level of the slide nor a recognised label or macro picture, so it cannot be told whether it shows the label`,
  };
}

/**
 * New next-pointers for the main chain without the removed directories: the header's first pointer and each kept
 * directory's pointer skip to the next kept one (0 at the end). Only pointers whose value changes are patched, at
 * the width the file uses (4 bytes, 8 in BigTIFF).
 */
function relinkChain(ifds: readonly Ifd[], roles: readonly Role[], header: TiffHeader): BytePatch[] {
  const main = ifds.filter((ifd) => !ifd.fromSubIfd);
  const removed = (ifd: Ifd) => {
    const role = roles[ifd.index];
    return role !== undefined && 'keep' in role && !role.keep;
  };
  const patches: BytePatch[] = [];
  const pointerSize = header.bigTiff ? 8 : 4;
  const writePointer = (at: number, value: number) => {
    const bytes = Buffer.alloc(pointerSize);
    if (header.bigTiff) {
      if (header.littleEndian) bytes.writeBigUInt64LE(BigInt(value));
      else bytes.writeBigUInt64BE(BigInt(value));
    } else if (header.littleEndian) bytes.writeUInt32LE(value);
    else bytes.writeUInt32BE(value);
    patches.push({ offset: at, length: pointerSize, bytes: bytes.toString('base64') });
  };
  const firstPointerAt = header.bigTiff ? 8 : 4;
  let pointerAt = firstPointerAt;
  let pointsTo = main[0]?.offset ?? 0;
  for (const ifd of main) {
    if (removed(ifd)) continue;
    if (pointsTo !== ifd.offset) writePointer(pointerAt, ifd.offset);
    pointerAt = ifd.nextPointerAt;
    pointsTo = ifd.next;
  }
  if (pointsTo !== 0) writePointer(pointerAt, 0);
  return patches;
}

/** Every byte range the kept images need: their directories, out-of-line values and strip/tile data. */
function keptRanges(fields: readonly IfdFields[], roles: readonly Role[], header: TiffHeader): Range[] {
  const ranges: Range[] = [{ offset: 0, length: header.headerSize }];
  const offsetSize = header.bigTiff ? 8 : 4;
  for (const [index, field] of fields.entries()) {
    const { ifd } = field;
    // The directory itself (even a removed one's stays intact: only its data is wiped).
    ranges.push({ offset: ifd.offset, length: ifd.nextPointerAt + offsetSize - ifd.offset });
    const role = roles[index];
    if (role && 'keep' in role && !role.keep) continue;
    for (const entry of ifd.entries.values())
      if (!entry.inline && entry.byteLength > 0)
        ranges.push({ offset: entry.position, length: entry.byteLength });
    const offsets = field.dataOffsets ?? [];
    const counts = field.dataByteCounts ?? [];
    for (const [i, offset] of offsets.entries()) {
      const length = counts[i] ?? 0;
      if (length > 0) ranges.push({ offset, length });
    }
  }
  return ranges;
}
