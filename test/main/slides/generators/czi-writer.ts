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
}

export interface CziLayout {
  size: number;
  subBlocks: number[];
  metadata: number;
  directory: number;
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

  const header = Buffer.alloc(512);
  header.writeInt32LE(1, 0); // major
  header.writeInt32LE(0, 4); // minor
  header.writeBigInt64LE(BigInt(spec.noDirectory ? 0 : directory), 52);
  header.writeBigInt64LE(BigInt(metadata), 60);
  header.writeInt32LE(spec.updatePending ? 1 : 0, 68);
  header.writeBigInt64LE(0n, 72);
  const bytes = Buffer.concat([segmentBytes('ZISRAWFILE', header), ...parts]);
  return { bytes, layout: { size: bytes.length, subBlocks, metadata, directory } };
}

function segmentBytes(id: string, data: Buffer): Buffer {
  const header = Buffer.alloc(32);
  header.write(id, 0, 'latin1');
  header.writeBigInt64LE(BigInt(data.length), 16);
  header.writeBigInt64LE(BigInt(data.length), 24);
  return Buffer.concat([header, data]);
}
