import { readUInt64, type ByteReader } from './byte-reader.js';

/**
 * The attachments of a Zeiss CZI file ("ZISRAWATTDIR"): named blobs beside the image, such as "Thumbnail" (a
 * JPEG), "Label" and "SlidePreview" (usually a small CZI file of their own). Every position and length read
 * here is checked against the file before it is used, counts are capped, and nothing is followed from one
 * entry to another, so a damaged or hostile directory can neither read out of bounds nor loop.
 */

const SEGMENT_HEADER = 32;
const FILE_HEADER_END = SEGMENT_HEADER + 512;
/** Where the file header segment keeps the attachment directory's position. */
const ATTACHMENT_DIRECTORY_AT = 104;
/** The directory's data: an entry count, 252 spare bytes, then 128-byte "A1" entries. */
const DIRECTORY_ENTRIES_AT = 256;
const ENTRY = 128;
/** The attachment segment's data: its size, spare bytes and a copy of its entry, then the blob at 256. */
const ATTACHMENT_DATA_AT = 256;
/** Far more attachments than ZEN writes (a handful: thumbnail, label, preview, event list, profiles). */
const MAX_ATTACHMENTS = 10_000;

export interface CziAttachment {
  name: string;
  /** "JPG", "CZI", "ZIP-COMP", … as ZEN writes it. */
  contentType: string;
  /** Which file of a multi-part scan holds it (0: this one). */
  filePart: number;
  position: number;
}

export type AttachmentLookup<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The attachment directory's entries; an empty list when the file has none. */
export async function readCziAttachments(reader: ByteReader): Promise<AttachmentLookup<CziAttachment[]>> {
  const header = await reader.read(0, FILE_HEADER_END);
  if (header.length < FILE_HEADER_END || segmentId(header) !== 'ZISRAWFILE')
    return { ok: false, problem: 'its CZI file header cannot be read' };
  const position = readUInt64(header, ATTACHMENT_DIRECTORY_AT, true);
  if (position === 0) return { ok: true, value: [] };
  const directory = await readSegment(reader, position, 'ZISRAWATTDIR');
  if (!directory.ok) return { ok: false, problem: `its attachment directory ${directory.problem}` };
  const { dataStart, dataEnd } = directory.value;
  if (dataEnd - dataStart < DIRECTORY_ENTRIES_AT)
    return { ok: false, problem: 'its attachment directory is too short to hold its own header' };
  const count = (await reader.read(dataStart, 4)).readInt32LE(0);
  if (count < 0 || count > MAX_ATTACHMENTS)
    return { ok: false, problem: `its attachment directory claims ${count} entries` };
  const entriesStart = dataStart + DIRECTORY_ENTRIES_AT;
  if (entriesStart + count * ENTRY > dataEnd)
    return { ok: false, problem: 'its attachment directory lists more entries than it holds' };
  const table = count === 0 ? Buffer.alloc(0) : await reader.read(entriesStart, count * ENTRY);
  if (table.length < count * ENTRY) return { ok: false, problem: 'its attachment directory is cut short' };
  const attachments: CziAttachment[] = [];
  for (let index = 0; index < count; index += 1) {
    const entry = table.subarray(index * ENTRY, (index + 1) * ENTRY);
    if (entry.toString('latin1', 0, 2) !== 'A1')
      return { ok: false, problem: `entry ${index + 1} of its attachment directory is unreadable` };
    attachments.push({
      position: readUInt64(entry, 12, true),
      filePart: entry.readInt32LE(20),
      contentType: text(entry, 40, 8),
      name: text(entry, 48, 80),
    });
  }
  return { ok: true, value: attachments };
}

/** An attachment's bytes (at most `maxBytes`), once its segment is found whole inside the file. */
export async function readCziAttachmentData(
  reader: ByteReader,
  attachment: CziAttachment,
  maxBytes: number,
): Promise<AttachmentLookup<Buffer>> {
  if (attachment.filePart !== 0)
    return { ok: false, problem: `it is stored in part ${attachment.filePart} of a multi-part scan` };
  const segment = await readSegment(reader, attachment.position, 'ZISRAWATTACH');
  if (!segment.ok) return { ok: false, problem: `its attachment block ${segment.problem}` };
  const { dataStart, dataEnd } = segment.value;
  const head = await reader.read(dataStart, 8);
  const size = head.length === 8 ? readUInt64(head, 0, true) : Number.NaN;
  const start = dataStart + ATTACHMENT_DATA_AT;
  if (!Number.isSafeInteger(size) || size <= 0 || start + size > dataEnd)
    return { ok: false, problem: 'its attachment block gives a size that does not fit in it' };
  if (size > maxBytes) return { ok: false, problem: 'it is far larger than a preview picture' };
  const bytes = await reader.read(start, size);
  if (bytes.length < size) return { ok: false, problem: 'its attachment block is cut short' };
  return { ok: true, value: Buffer.from(bytes) };
}

interface SegmentSpan {
  dataStart: number;
  /** End of its used bytes, never past the end of the file. */
  dataEnd: number;
}

async function readSegment(
  reader: ByteReader,
  position: number,
  id: string,
): Promise<AttachmentLookup<SegmentSpan>> {
  if (!Number.isSafeInteger(position) || position < FILE_HEADER_END || position >= reader.size)
    return { ok: false, problem: 'is said to lie outside the file' };
  const head = await reader.read(position, SEGMENT_HEADER);
  if (head.length < SEGMENT_HEADER) return { ok: false, problem: 'is cut short' };
  if (segmentId(head) !== id) return { ok: false, problem: 'is not where the file says it is' };
  const allocated = readUInt64(head, 16, true);
  const used = readUInt64(head, 24, true);
  // The specification: a used size of 0 means "the allocated size".
  const size = used === 0 ? allocated : used;
  const dataStart = position + SEGMENT_HEADER;
  if (!Number.isSafeInteger(size) || dataStart + size > reader.size)
    return { ok: false, problem: 'runs past the end of the file' };
  return { ok: true, value: { dataStart, dataEnd: dataStart + size } };
}

const segmentId = (head: Buffer) => head.toString('latin1', 0, 16).replace(/\0+$/, '');

/** A zero-padded text field (UTF-8 for names, ASCII for types). */
function text(entry: Buffer, at: number, length: number): string {
  const field = entry.subarray(at, at + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}
