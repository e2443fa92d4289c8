import { readUInt64, type ByteReader } from '../byte-reader.js';
import type { IfdEntry, TiffHeader } from './ifd-walker.js';
import { TYPE_SIZES } from './tags.js';

/** Decoding tag values (numbers of any TIFF type, or text), read with positioned reads. */

/**
 * The values of an entry as numbers (at most `maxValues` of them). Assumes the caller checked the data
 * lies inside the file; a short read yields fewer values.
 */
export async function readNumbers(
  reader: ByteReader,
  header: TiffHeader,
  entry: IfdEntry,
  maxValues = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const typeSize = TYPE_SIZES.get(entry.type) ?? 1;
  const count = Math.min(entry.count, maxValues);
  const data = await reader.read(entry.position, count * typeSize);
  const available = Math.floor(data.length / typeSize);
  const le = header.littleEndian;
  const values = new Array<number>(available);
  for (let i = 0; i < available; i += 1) {
    const at = i * typeSize;
    switch (entry.type) {
      case 3:
        values[i] = le ? data.readUInt16LE(at) : data.readUInt16BE(at);
        break;
      case 4:
      case 13:
        values[i] = le ? data.readUInt32LE(at) : data.readUInt32BE(at);
        break;
      case 16:
      case 18:
        values[i] = readUInt64(data, at, le);
        break;
      case 17:
        values[i] = Number(le ? data.readBigInt64LE(at) : data.readBigInt64BE(at));
        break;
      case 5:
      case 10: {
        const signed = entry.type === 10;
        const numerator = signed
          ? le
            ? data.readInt32LE(at)
            : data.readInt32BE(at)
          : le
            ? data.readUInt32LE(at)
            : data.readUInt32BE(at);
        const denominator = signed
          ? le
            ? data.readInt32LE(at + 4)
            : data.readInt32BE(at + 4)
          : le
            ? data.readUInt32LE(at + 4)
            : data.readUInt32BE(at + 4);
        values[i] = denominator === 0 ? Number.NaN : numerator / denominator;
        break;
      }
      case 6:
        values[i] = data.readInt8(at);
        break;
      case 8:
        values[i] = le ? data.readInt16LE(at) : data.readInt16BE(at);
        break;
      case 9:
        values[i] = le ? data.readInt32LE(at) : data.readInt32BE(at);
        break;
      case 11:
        values[i] = le ? data.readFloatLE(at) : data.readFloatBE(at);
        break;
      case 12:
        values[i] = le ? data.readDoubleLE(at) : data.readDoubleBE(at);
        break;
      default:
        values[i] = data[at] ?? 0;
    }
  }
  return values;
}

/** The entry's bytes as text (ASCII/UTF-8, trailing NULs dropped), at most `maxBytes` of it. */
export async function readText(reader: ByteReader, entry: IfdEntry, maxBytes: number): Promise<string> {
  const data = await reader.read(entry.position, Math.min(entry.byteLength, maxBytes));
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end -= 1;
  return data.toString('utf8', 0, end);
}
