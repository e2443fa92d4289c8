import { PastEndOfFile, readUInt64, type ByteReader } from './byte-reader.js';
import { withoutUndefined } from './compact.js';
import { bytes, cutShort, damaged, stillBeingWritten } from './reasons.js';
import type { SlideInspection, SlideMetadata } from './types.js';

/**
 * Zeiss CZI ("ZISRAW"): a file header segment points at the sub-block directory, the XML metadata and the
 * attachment directory. We check those segments lie inside the file, read the directory to find the last
 * image sub-block, and check that one ends inside the file too. Pixel data is never read.
 */

const SEGMENT_HEADER = 32;
/** The file header segment is 512 bytes of data after its 32-byte header. */
const FILE_HEADER_END = SEGMENT_HEADER + 512;
const DIRECTORY_ENTRY_FIXED = 32;
const DIMENSION_ENTRY = 20;
/** Far more sub-blocks than a slide has (a 100k×100k RGB scan at 5 levels has ~200k). */
const MAX_ENTRIES = 5_000_000;
const MAX_XML = 1024 * 1024;

interface Segment {
  id: string;
  position: number;
  end: number;
}

export async function inspectCzi(reader: ByteReader): Promise<SlideInspection> {
  const name = reader.name;
  const incomplete = (reason: string, detail?: string): SlideInspection => ({
    kind: 'incomplete',
    format: 'zeiss-czi',
    reason,
    ...(detail ? { detail } : {}),
  });
  try {
    const header = await reader.readExact(0, FILE_HEADER_END, 'the CZI file header');
    const directoryPosition = readInt64(header, 84);
    const metadataPosition = readInt64(header, 92);
    const updatePending = header.readInt32LE(100) !== 0;
    const attachmentDirectoryPosition = readInt64(header, 104);
    const filePart = header.readInt32LE(80);

    if (updatePending) return incomplete(stillBeingWritten(name, 'ZEN marks it as still being updated'));
    if (directoryPosition === 0) return incomplete(stillBeingWritten(name, 'it has no image directory yet'));

    const directory = await readSegment(reader, directoryPosition, 'ZISRAWDIRECTORY', 'the image directory');
    const metadataSegment =
      metadataPosition === 0
        ? undefined
        : await readSegment(reader, metadataPosition, 'ZISRAWMETADATA', 'the slide description');
    if (attachmentDirectoryPosition !== 0) {
      await readSegment(reader, attachmentDirectoryPosition, 'ZISRAWATTDIR', 'the attachment directory');
    }

    const entries = await readDirectory(reader, directory);
    if (entries.count === 0)
      return incomplete(damaged(name, 'zeiss-czi', 'its image directory lists no images'));
    if (entries.lastPosition + SEGMENT_HEADER > reader.size) {
      throw new PastEndOfFile(entries.lastPosition + SEGMENT_HEADER, 'the last image block');
    }
    await readSegment(reader, entries.lastPosition, 'ZISRAWSUBBLOCK', 'the last image block');

    const xml = metadataSegment ? await readMetadataXml(reader, metadataSegment) : '';
    const warnings: string[] = [];
    if (filePart !== 0 || entries.otherParts > 0) {
      warnings.push(`${name} is one part of a multi-part CZI scan; make sure every part is uploaded.`);
    }
    return {
      kind: 'slide',
      format: 'zeiss-czi',
      metadata: cziMetadata(xml, entries),
      files: [reader.file],
      warnings,
    };
  } catch (error) {
    if (error instanceof PastEndOfFile) {
      return incomplete(cutShort(name, error.neededEnd, reader.size, true), `past the end: ${error.what}`);
    }
    if (error instanceof CziDamage) return incomplete(damaged(name, 'zeiss-czi', error.message));
    throw error;
  }
}

class CziDamage extends Error {}

function readInt64(buffer: Buffer, at: number): number {
  return readUInt64(buffer, at, true);
}

async function readSegment(reader: ByteReader, position: number, id: string, what: string): Promise<Segment> {
  if (!Number.isSafeInteger(position)) throw new CziDamage(`the position of ${what} is garbage`);
  if (position < FILE_HEADER_END) throw new CziDamage(`${what} is said to start inside the file header`);
  const head = await reader.readExact(position, SEGMENT_HEADER, what);
  const found = head.toString('latin1', 0, 16).replace(/\0+$/, '');
  if (found !== id) {
    throw new CziDamage(`${what} is missing (at byte ${bytes(position)} there is ${describeId(found)})`);
  }
  const allocated = readInt64(head, 16);
  const used = readInt64(head, 24);
  // The spec: a UsedSize of 0 means "use AllocatedSize".
  const end = position + SEGMENT_HEADER + (used === 0 ? allocated : used);
  if (end > reader.size) throw new PastEndOfFile(end, what);
  return { id, position, end };
}

const describeId = (id: string) =>
  /^[\x20-\x7e]+$/.test(id)
    ? `a "${id}" block`
    : id.length === 0
      ? 'nothing (blank bytes)'
      : 'unrecognised data';

interface DirectorySummary {
  count: number;
  lastPosition: number;
  otherParts: number;
  /** Full-resolution extent in pixels, from sub-blocks stored at full size. */
  width: number;
  height: number;
  /** Distinct downsampling factors seen: the pyramid levels. */
  downsamples: Set<number>;
}

async function readDirectory(reader: ByteReader, directory: Segment): Promise<DirectorySummary> {
  const dataStart = directory.position + SEGMENT_HEADER;
  const count = (await reader.readExact(dataStart, 4, 'the image directory')).readInt32LE(0);
  if (count < 0 || count > MAX_ENTRIES) throw new CziDamage(`its image directory claims ${count} entries`);
  const entriesStart = dataStart + 128;
  const table = await reader.read(entriesStart, directory.end - entriesStart);
  const summary: DirectorySummary = {
    count,
    lastPosition: 0,
    otherParts: 0,
    width: 0,
    height: 0,
    downsamples: new Set(),
  };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = 0;
  let maxY = 0;
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + DIRECTORY_ENTRY_FIXED > table.length)
      throw new PastEndOfFile(entriesStart + at + 32, 'the image directory');
    if (table.toString('latin1', at, at + 2) !== 'DV')
      throw new CziDamage(`image directory entry ${i + 1} is unreadable`);
    const filePosition = readInt64(table, at + 6);
    const filePart = table.readInt32LE(at + 14);
    const dimensionCount = table.readInt32LE(at + 28);
    const entryEnd = at + DIRECTORY_ENTRY_FIXED + dimensionCount * DIMENSION_ENTRY;
    if (dimensionCount < 0 || dimensionCount > 64)
      throw new CziDamage(`image directory entry ${i + 1} is unreadable`);
    if (entryEnd > table.length) throw new PastEndOfFile(entriesStart + entryEnd, 'the image directory');
    if (filePart !== 0) summary.otherParts += 1;
    else summary.lastPosition = Math.max(summary.lastPosition, filePosition);

    let x: { start: number; size: number; stored: number } | undefined;
    let y: typeof x;
    for (let d = 0; d < dimensionCount; d += 1) {
      const base = at + DIRECTORY_ENTRY_FIXED + d * DIMENSION_ENTRY;
      const dimension = table.toString('latin1', base, base + 4).replace(/\0+$/, '');
      const value = {
        start: table.readInt32LE(base + 4),
        size: table.readInt32LE(base + 8),
        stored: table.readInt32LE(base + 16),
      };
      if (dimension === 'X') x = value;
      if (dimension === 'Y') y = value;
    }
    if (x && y && x.stored > 0) {
      summary.downsamples.add(Math.round(x.size / x.stored));
      if (x.stored === x.size) {
        minX = Math.min(minX, x.start);
        minY = Math.min(minY, y.start);
        maxX = Math.max(maxX, x.start + x.size);
        maxY = Math.max(maxY, y.start + y.size);
      }
    }
    at = entryEnd;
  }
  if (maxX > 0) {
    summary.width = maxX - minX;
    summary.height = maxY - minY;
  }
  return summary;
}

async function readMetadataXml(reader: ByteReader, segment: Segment): Promise<string> {
  const dataStart = segment.position + SEGMENT_HEADER;
  const xmlSize = (await reader.readExact(dataStart, 8, 'the slide description')).readInt32LE(0);
  const xmlStart = dataStart + 256;
  if (xmlSize < 0 || xmlStart + xmlSize > segment.end)
    throw new CziDamage('its slide description has a bad length');
  return (await reader.read(xmlStart, Math.min(xmlSize, MAX_XML))).toString('utf8');
}

function cziMetadata(xml: string, entries: DirectorySummary): SlideMetadata {
  const number = (pattern: RegExp) => {
    const value = Number(pattern.exec(xml)?.[1]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  // <Distance Id="X"><Value>2.2E-07</Value> is metres per pixel.
  const metresPerPixel = (axis: string) =>
    number(new RegExp(`<Distance Id="${axis}">\\s*<Value>([^<]+)</Value>`));
  const toMicrons = (value: number | undefined) =>
    value === undefined ? undefined : Number((value * 1e6).toPrecision(6));
  return withoutUndefined({
    width: number(/<SizeX>(\d+)<\/SizeX>/) ?? (entries.width || undefined),
    height: number(/<SizeY>(\d+)<\/SizeY>/) ?? (entries.height || undefined),
    levels: Math.max(1, entries.downsamples.size),
    vendor: 'Zeiss',
    magnification: number(/<NominalMagnification>([\d.]+)<\/NominalMagnification>/),
    mppX: toMicrons(metresPerPixel('X')),
    mppY: toMicrons(metresPerPixel('Y')),
    tiled: true,
    properties: { 'czi.subBlocks': String(entries.count) },
  });
}
