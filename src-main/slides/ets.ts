import { ByteReader, readUInt64 } from './byte-reader.js';
import { cutShort, damaged } from './reasons.js';
import type { InspectOptions } from './types.js';

/**
 * An Olympus .ets image-data file (openslide's Olympus notes): a 64-byte "SIS" header, an "ETS" header it
 * points to, tiles, and a table of the tiles it holds. The SIS header:
 *
 *   0 "SIS\0" | 4 u32 header size | 8 u32 version | 12 u32 dimensions | 16 u64 ETS header offset
 *   24 u32 ETS header size | 32 u64 tile table offset | 40 u32 tile count
 *
 * A table record is u32, u32 × dimensions, u64 tile offset, u32 tile size, u32 — all little endian.
 * We check both headers, the table, and that every tile the table lists ends inside the file; the tiles
 * themselves are never read.
 */

const SIS_HEADER = 64;
/** Records read per chunk, so a hostile tile count cannot ask for one huge read. */
const CHUNK_RECORDS = 2048;

/** What is wrong with the .ets, in technician words, or undefined when it is whole. */
export async function checkEts(file: string, options: InspectOptions): Promise<string | undefined> {
  const reader = await ByteReader.open(file, options);
  try {
    return await checkOpenEts(reader);
  } finally {
    await reader.close();
  }
}

async function checkOpenEts(reader: ByteReader): Promise<string | undefined> {
  const name = reader.name;
  const header = await reader.read(0, SIS_HEADER);
  if (header.length < SIS_HEADER) return cutShort(name, SIS_HEADER, reader.size, true);
  if (header.toString('latin1', 0, 3) !== 'SIS')
    return damaged(name, 'olympus-vsi', 'it does not start like Olympus image data');
  const dimensions = header.readUInt32LE(12);
  if (dimensions < 1 || dimensions > 32) return damaged(name, 'olympus-vsi', 'its header is unreadable');

  const etsHeader = readUInt64(header, 16, true);
  const etsHeaderEnd = etsHeader + header.readUInt32LE(24);
  if (!Number.isFinite(etsHeaderEnd)) return damaged(name, 'olympus-vsi', 'its header is unreadable');
  if (etsHeaderEnd > reader.size) return cutShort(name, etsHeaderEnd, reader.size, true);
  if ((await reader.read(etsHeader, 3)).toString('latin1') !== 'ETS')
    return damaged(name, 'olympus-vsi', 'its image header is unreadable');

  const table = readUInt64(header, 32, true);
  const tiles = header.readUInt32LE(40);
  const recordSize = 20 + 4 * dimensions;
  const tableEnd = table + tiles * recordSize;
  if (!Number.isFinite(tableEnd)) return damaged(name, 'olympus-vsi', 'its tile table is unreadable');
  if (tableEnd > reader.size) return cutShort(name, tableEnd, reader.size, true);

  let neededEnd = 0;
  for (let done = 0; done < tiles; done += CHUNK_RECORDS) {
    const records = Math.min(CHUNK_RECORDS, tiles - done);
    const chunk = await reader.readExact(table + done * recordSize, records * recordSize, 'the tile table');
    for (let record = 0; record < records; record += 1) {
      const at = record * recordSize + 4 + 4 * dimensions;
      neededEnd = Math.max(neededEnd, readUInt64(chunk, at, true) + chunk.readUInt32LE(at + 8));
    }
  }
  if (!Number.isFinite(neededEnd)) return damaged(name, 'olympus-vsi', 'its tile table is unreadable');
  return neededEnd > reader.size ? cutShort(name, neededEnd, reader.size, false) : undefined;
}
