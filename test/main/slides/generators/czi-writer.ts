/**
 * Minimal Zeiss CZI files for tests: a ZISRAWFILE header segment, image sub-blocks (dummy data), a
 * ZISRAWMETADATA segment with the XML fields we read, and a ZISRAWDIRECTORY listing the sub-blocks.
 */

export interface CziSpec {
  /** Full-resolution tiles across and down (each 1024 px); default 3 × 2. */
  tilesAcross?: number;
  tilesDown?: number;
  /** Also write one 4× downsampled sub-block (a second pyramid level). Default true. */
  pyramid?: boolean;
  updatePending?: boolean;
  /** Leave the directory position 0 (as while ZEN is still writing). */
  noDirectory?: boolean;
  /** Attachments, written after the directory with an attachment directory listing them in this order. */
  attachments?: readonly CziAttachmentSpec[];
}

export interface CziAttachmentSpec {
  /** "Thumbnail", "Label", "SlidePreview", … */
  name: string;
  /** "JPG", "CZI", … */
  contentType: string;
  data: Buffer;
}

export interface CziLayout {
  size: number;
  subBlocks: number[];
  metadata: number;
  directory: number;
  /** Position of the attachment directory segment (0: none). */
  attachmentDirectory: number;
  /** Position of each attachment segment, in the order given. */
  attachments: number[];
}

const TILE = 1024;
const SUBBLOCK_DATA = 512;

export function cziBytes(spec: CziSpec = {}): { bytes: Buffer; layout: CziLayout } {
  const across = spec.tilesAcross ?? 3;
  const down = spec.tilesDown ?? 2;
  const blocks: Array<{ x: number; y: number; size: number; stored: number }> = [];
  for (let row = 0; row < down; row += 1) {
    for (let column = 0; column < across; column += 1)
      blocks.push({ x: column * TILE, y: row * TILE, size: TILE, stored: TILE });
  }
  if (spec.pyramid !== false) blocks.push({ x: 0, y: 0, size: TILE * 4, stored: TILE });

  const parts: Buffer[] = [];
  let position = 32 + 512;
  const subBlocks: number[] = [];
  for (const _block of blocks) {
    subBlocks.push(position);
    const segment = segmentBytes('ZISRAWSUBBLOCK', Buffer.alloc(SUBBLOCK_DATA, 0x42));
    parts.push(segment);
    position += segment.length;
  }

  const xml = Buffer.from(
    `<ImageDocument><Metadata><Information><Image><SizeX>${across * TILE}</SizeX><SizeY>${down * TILE}</SizeY></Image>` +
      '<Instrument><Objectives><Objective><NominalMagnification>20</NominalMagnification></Objective></Objectives></Instrument></Information>' +
      '<Scaling><Items><Distance Id="X"><Value>2.2E-07</Value></Distance><Distance Id="Y"><Value>2.2E-07</Value></Distance></Items></Scaling>' +
      '</Metadata></ImageDocument>',
    'utf8',
  );
  const metadataHead = Buffer.alloc(256);
  metadataHead.writeInt32LE(xml.length, 0);
  const metadata = position;
  const metadataSegment = segmentBytes('ZISRAWMETADATA', Buffer.concat([metadataHead, xml]));
  parts.push(metadataSegment);
  position += metadataSegment.length;

  const entries = blocks.map((block, index) => {
    const entry = Buffer.alloc(32 + 3 * 20);
    entry.write('DV', 0, 'latin1');
    entry.writeInt32LE(8, 2); // Bgr24
    entry.writeBigInt64LE(BigInt(subBlocks[index] ?? 0), 6);
    entry.writeInt32LE(0, 14); // file part
    entry.writeInt32LE(0, 18); // compression
    entry.writeUInt8(block.size === block.stored ? 0 : 2, 22); // pyramid type
    entry.writeInt32LE(3, 28);
    const dimension = (at: number, name: string, start: number, size: number, stored: number) => {
      entry.write(name.padEnd(4, '\0'), at, 'latin1');
      entry.writeInt32LE(start, at + 4);
      entry.writeInt32LE(size, at + 8);
      entry.writeFloatLE(0, at + 12);
      entry.writeInt32LE(stored, at + 16);
    };
    dimension(32, 'X', block.x, block.size, block.stored);
    dimension(52, 'Y', block.y, block.size, block.stored);
    dimension(72, 'C', 0, 1, 1);
    return entry;
  });
  const directoryHead = Buffer.alloc(128);
  directoryHead.writeInt32LE(entries.length, 0);
  const directory = position;
  const directorySegment = segmentBytes('ZISRAWDIRECTORY', Buffer.concat([directoryHead, ...entries]));
  parts.push(directorySegment);
  position += directorySegment.length;

  const attachments: number[] = [];
  const attachmentEntries: Buffer[] = [];
  for (const attachment of spec.attachments ?? []) {
    const entry = attachmentEntry(attachment, position);
    const head = Buffer.alloc(256);
    head.writeBigInt64LE(BigInt(attachment.data.length), 0);
    entry.copy(head, 16);
    const segment = segmentBytes('ZISRAWATTACH', Buffer.concat([head, attachment.data]));
    attachments.push(position);
    attachmentEntries.push(entry);
    parts.push(segment);
    position += segment.length;
  }
  let attachmentDirectory = 0;
  if (spec.attachments) {
    const head = Buffer.alloc(256);
    head.writeInt32LE(attachmentEntries.length, 0);
    attachmentDirectory = position;
    parts.push(segmentBytes('ZISRAWATTDIR', Buffer.concat([head, ...attachmentEntries])));
  }

  const header = Buffer.alloc(512);
  header.writeInt32LE(1, 0); // major
  header.writeInt32LE(0, 4); // minor
  header.writeBigInt64LE(BigInt(spec.noDirectory ? 0 : directory), 52);
  header.writeBigInt64LE(BigInt(metadata), 60);
  header.writeInt32LE(spec.updatePending ? 1 : 0, 68);
  header.writeBigInt64LE(BigInt(attachmentDirectory), 72);
  const bytes = Buffer.concat([segmentBytes('ZISRAWFILE', header), ...parts]);
  return {
    bytes,
    layout: { size: bytes.length, subBlocks, metadata, directory, attachmentDirectory, attachments },
  };
}

/** An "A1" attachment directory entry (128 bytes). */
function attachmentEntry(attachment: CziAttachmentSpec, position: number): Buffer {
  const entry = Buffer.alloc(128);
  entry.write('A1', 0, 'latin1');
  entry.writeBigInt64LE(BigInt(position), 12);
  entry.writeInt32LE(0, 20); // file part
  entry.write(attachment.contentType, 40, 8, 'latin1');
  entry.write(attachment.name, 48, 79, 'utf8');
  return entry;
}

/**
 * A small CZI file as ZEN embeds one for a label or slide preview: a file header, one image sub-block of
 * `width` × `height` pixels (uncompressed Bgr24 holding `pixels` as RGB, or a JPEG) and a directory listing it.
 */
export function embeddedCziBytes(
  picture: { width: number; height: number } & ({ rgb: Buffer } | { jpeg: Buffer }),
): Buffer {
  const { width, height } = picture;
  let data: Buffer;
  if ('rgb' in picture) {
    data = Buffer.alloc(width * height * 3);
    for (let at = 0; at < data.length; at += 3) {
      data[at] = picture.rgb[at + 2]!;
      data[at + 1] = picture.rgb[at + 1]!;
      data[at + 2] = picture.rgb[at]!;
    }
  } else data = picture.jpeg;
  const entry = Buffer.alloc(32 + 3 * 20);
  entry.write('DV', 0, 'latin1');
  entry.writeInt32LE(3, 2); // Bgr24
  entry.writeBigInt64LE(BigInt(32 + 512), 6); // the sub-block comes right after the file header
  entry.writeInt32LE('rgb' in picture ? 0 : 1, 18); // uncompressed or JPEG
  entry.writeInt32LE(3, 28);
  const dimension = (at: number, name: string, size: number) => {
    entry.write(name.padEnd(4, '\0'), at, 'latin1');
    entry.writeInt32LE(size, at + 8);
    entry.writeInt32LE(size, at + 16);
  };
  dimension(32, 'X', width);
  dimension(52, 'Y', height);
  dimension(72, 'C', 1);
  const subBlockHead = Buffer.alloc(256);
  subBlockHead.writeInt32LE(0, 0); // metadata size
  subBlockHead.writeBigInt64LE(BigInt(data.length), 8);
  entry.copy(subBlockHead, 16);
  const subBlock = segmentBytes('ZISRAWSUBBLOCK', Buffer.concat([subBlockHead, data]));
  const directoryHead = Buffer.alloc(128);
  directoryHead.writeInt32LE(1, 0);
  const directory = segmentBytes('ZISRAWDIRECTORY', Buffer.concat([directoryHead, entry]));
  const header = Buffer.alloc(512);
  header.writeInt32LE(1, 0);
  header.writeBigInt64LE(BigInt(32 + 512 + subBlock.length), 52);
  return Buffer.concat([segmentBytes('ZISRAWFILE', header), subBlock, directory]);
}

function segmentBytes(id: string, data: Buffer): Buffer {
  const header = Buffer.alloc(32);
  header.write(id, 0, 'latin1');
  header.writeBigInt64LE(BigInt(data.length), 16);
  header.writeBigInt64LE(BigInt(data.length), 24);
  return Buffer.concat([header, data]);
}
