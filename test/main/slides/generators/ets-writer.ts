/**
 * Minimal Olympus .ets files for tests: the "SIS" header, an "ETS" header, dummy tiles, and the used-chunk
 * table (records: int32, int32 × dimensions, int64 offset, int32 size, int32) at the end.
 */
export function etsBytes(tiles = 6, bytesPerTile = 100): Buffer {
  const dimensions = 4;
  const header = Buffer.alloc(64);
  header.write('SIS\0', 0, 'latin1');
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(dimensions, 12);
  header.writeBigUInt64LE(64n, 16);
  header.writeUInt32LE(228, 24);
  const etsHeader = Buffer.alloc(228);
  etsHeader.write('ETS\0', 0, 'latin1');
  const dataStart = 64 + 228;
  const data = Buffer.alloc(tiles * bytesPerTile, 0x77);
  const recordSize = 20 + 4 * dimensions;
  const table = Buffer.alloc(tiles * recordSize);
  for (let tile = 0; tile < tiles; tile += 1) {
    const at = tile * recordSize;
    table.writeInt32LE(tile % 3, at + 4);
    table.writeInt32LE(Math.floor(tile / 3), at + 8);
    table.writeBigUInt64LE(BigInt(dataStart + tile * bytesPerTile), at + 4 + 4 * dimensions);
    table.writeUInt32LE(bytesPerTile, at + 12 + 4 * dimensions);
  }
  header.writeBigUInt64LE(BigInt(dataStart + data.length), 32);
  header.writeUInt32LE(tiles, 40);
  return Buffer.concat([header, etsHeader, data, table]);
}
