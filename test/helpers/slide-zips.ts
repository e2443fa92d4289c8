import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';

export interface ZipInput {
  name: string;
  bytes: Buffer;
}

export interface ZipOptions {
  /** ZIP64 records even for small entries (as yazl writes past 4 GiB). */
  zip64?: boolean;
  /** Deflated instead of stored entries (the uploader stores; other tools deflate). */
  deflate?: boolean;
}

/**
 * A ZIP as the uploader writes a multi-file slide: yazl, stored entries streamed with their size given (so each
 * has a data descriptor), in the order given.
 */
export async function storedZip(entries: readonly ZipInput[], options: ZipOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-02-01T12:00:00Z');
  const zip64 = options.zip64 ?? false;
  for (const { name, bytes } of entries) {
    zip.addReadStream(Readable.from([bytes]), name, {
      compress: options.deflate ?? false,
      size: bytes.length,
      mtime,
      forceZip64Format: zip64,
    });
  }
  zip.end({ forceZip64Format: zip64, comment: '' });
  return buffer(zip.outputStream);
}

const text = (value: string) => Buffer.from(value, 'utf8');

/** slide.mrxs + slide/Slidedat.ini, Index.dat, Data0000.dat (random bytes stand in for pixels). */
export function miraxEntries(stem: string, options: { slidedat?: boolean } = {}): ZipInput[] {
  return [
    { name: `${stem}.mrxs`, bytes: text(`[GENERAL]\r\nSLIDE_ID=${stem}\r\n`) },
    ...(options.slidedat === false
      ? []
      : [
          {
            name: `${stem}/Slidedat.ini`,
            bytes: text(
              '[HIERARCHICAL]\r\nINDEXFILE=Index.dat\r\n[DATAFILE]\r\nFILE_COUNT=1\r\nFILE_0=Data0000.dat\r\n',
            ),
          },
        ]),
    { name: `${stem}/Index.dat`, bytes: randomBytes(2048) },
    { name: `${stem}/Data0000.dat`, bytes: randomBytes(96 * 1024) },
  ];
}

/** slide.vsi + _slide_/stack1/frame_t.ets. */
export function vsiEntries(stem: string): ZipInput[] {
  return [
    { name: `${stem}.vsi`, bytes: randomBytes(4096) },
    { name: `_${stem}_/stack1/frame_t.ets`, bytes: randomBytes(64 * 1024) },
  ];
}

/** A DICOM series: 1.dcm, 2.dcm, 3.dcm. */
export function dicomEntries(count = 3): ZipInput[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${i + 1}.dcm`, bytes: randomBytes(16 * 1024) }));
}

/** The same ZIP with one byte of `member`'s stored data changed, so only its CRC-32 no longer matches. */
export function withFlippedDataByte(zip: Buffer, member: ZipInput): Buffer {
  const at = zip.indexOf(member.bytes);
  if (at < 0 || member.bytes.length === 0)
    throw new Error(`${member.name} is not stored verbatim in the ZIP`);
  const out = Buffer.from(zip);
  const middle = at + Math.floor(member.bytes.length / 2);
  out[middle] = out[middle]! ^ 0xff;
  return out;
}

/**
 * The same ZIP with the compressed size in `member`'s data descriptor (right after its stored data) one larger,
 * so the ZIP's own records of that member disagree.
 */
export function withWrongDescriptorSize(zip: Buffer, member: ZipInput): Buffer {
  const at = zip.indexOf(member.bytes);
  const descriptor = at + member.bytes.length;
  if (at < 0 || zip.readUInt32LE(descriptor) !== 0x08074b50)
    throw new Error(`${member.name} has no data descriptor`);
  const out = Buffer.from(zip);
  out.writeUInt32LE(member.bytes.length + 1, descriptor + 8);
  return out;
}

/**
 * The same ZIP with an entry name replaced in its local header and the central directory. yazl refuses unsafe
 * names (as it should), so a ZIP naming "../evil" is written with a same-length stand-in name first.
 */
export function withRenamedEntry(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('names must have the same length in bytes');
  const out = Buffer.from(zip);
  let count = 0;
  for (let at = out.indexOf(a); at >= 0; at = out.indexOf(a, at + a.length)) {
    b.copy(out, at);
    count += 1;
  }
  if (count !== 2)
    throw new Error(`expected "${from}" in the local header and the central directory, found ${count}`);
  return out;
}
