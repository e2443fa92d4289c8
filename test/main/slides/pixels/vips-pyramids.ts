import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ByteReader } from '../../../../src-main/slides/byte-reader.js';
import { readIfdFields, type IfdFields } from '../../../../src-main/slides/tiff/ifd-fields.js';
import { readTiffHeader, walkTiff } from '../../../../src-main/slides/tiff/ifd-walker.js';
import { Tag } from '../../../../src-main/slides/tiff/tags.js';

/** Real pyramid TIFFs written by libvips, and ways to damage exactly one tile of them. */

const run = promisify(execFile);

export const hasVips = await run('vips', ['--version']).then(
  () => true,
  () => false,
);

/**
 * A tiled pyramid of 8-bit noise (noise compresses badly, so every tile holds real data). `subifd` puts the
 * lower levels in SubIFDs of the first directory (OME-TIFF style) instead of the main chain.
 */
export async function makePyramid(
  dir: string,
  name: string,
  options: {
    width: number;
    height: number;
    compression: 'jpeg' | 'deflate' | 'lzw' | 'zstd';
    subifd?: boolean;
  },
): Promise<string> {
  const noise = path.join(dir, `${name}.noise.v`);
  const bytes = path.join(dir, `${name}.uchar.v`);
  const file = path.join(dir, name);
  await run('vips', [
    'gaussnoise',
    noise,
    String(options.width),
    String(options.height),
    '--mean',
    '128',
    '--sigma',
    '40',
  ]);
  await run('vips', ['cast', noise, bytes, 'uchar']);
  await run('vips', [
    'tiffsave',
    bytes,
    file,
    '--tile',
    '--pyramid',
    '--compression',
    options.compression,
    '--tile-width',
    '256',
    '--tile-height',
    '256',
    ...(options.subifd ? ['--subifd'] : []),
  ]);
  return file;
}

/** Every directory of the file, in walk order (main chain, then SubIFDs): for a vips pyramid, largest first. */
export async function directories(file: string): Promise<{ fields: IfdFields[]; littleEndian: boolean }> {
  const reader = await ByteReader.open(file);
  try {
    const header = await readTiffHeader(reader);
    if (!header.ok) throw new Error(`${file} is not a TIFF`);
    const structure = await walkTiff(reader, header.header, { ndpiHint: false });
    const fields: IfdFields[] = [];
    for (const ifd of structure.ifds) fields.push(await readIfdFields(reader, header.header, ifd));
    return { fields, littleEndian: header.header.littleEndian };
  } finally {
    await reader.close();
  }
}

/**
 * Damages tile (column, row) of directory `directory` so that its decoder fails: a JPEG tile gets a marker
 * with an impossible length right after its start marker ("Bogus marker length"); other tiles are overwritten
 * with bytes no deflate or LZW stream starts with.
 */
export async function corruptTile(
  file: string,
  directory: number,
  column: number,
  row: number,
): Promise<void> {
  const { fields } = await directories(file);
  const field = fields[directory];
  if (!field?.tileWidth || !field.width) throw new Error(`no tiled directory ${directory}`);
  const index = row * Math.ceil(field.width / field.tileWidth) + column;
  const offset = field.dataOffsets?.[index];
  const length = field.dataByteCounts?.[index];
  if (offset === undefined || length === undefined) throw new Error(`no tile ${index}`);
  const bytes =
    field.compression === 7
      ? Buffer.from([0xff, 0xd8, 0xff, 0xc4, 0x00, 0x01])
      : Buffer.alloc(Math.min(length, 64), 0xff);
  const handle = await open(file, 'r+');
  try {
    await handle.write(bytes, 0, bytes.length, offset);
  } finally {
    await handle.close();
  }
}

/** Rewrites the Compression tag of every directory, e.g. to 33003 (Aperio JPEG 2000), leaving the data as it is. */
export async function setCompression(file: string, code: number): Promise<void> {
  const { fields, littleEndian } = await directories(file);
  const handle = await open(file, 'r+');
  try {
    for (const field of fields) {
      const entry = field.ifd.entries.get(Tag.Compression);
      if (!entry?.inline || entry.type !== 3) throw new Error('Compression is not an inline SHORT');
      const value = Buffer.alloc(2);
      if (littleEndian) value.writeUInt16LE(code);
      else value.writeUInt16BE(code);
      await handle.write(value, 0, 2, entry.position);
    }
  } finally {
    await handle.close();
  }
}
