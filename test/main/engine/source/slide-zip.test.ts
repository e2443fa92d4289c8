import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  slideZipLength,
  slideZipName,
  slideZipStream,
} from '../../../../src-main/engine/source/slide-zip.js';
import { useNativeCrc32ForYazl } from '../../../../src-main/engine/source/fast-crc32.js';
import { membersOf } from '../../../../src-main/slides/members.js';
import { writeRandomFile } from '../../../helpers/files.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { createRequire } from 'node:module';

const GiB = 1024 ** 3;

async function digest(
  stream: NodeJS.ReadableStream,
  options: { hash: boolean } = { hash: true },
): Promise<{ sha256: string; length: number; tail: Buffer }> {
  const hash = createHash('sha256');
  let length = 0;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (options.hash) hash.update(chunk);
    length += chunk.length;
    // Only the end matters (the ZIP64 records): no copying of 4 GiB on the way.
    tail = chunk.length >= 256 ? chunk.subarray(-256) : Buffer.concat([tail, chunk]).subarray(-256);
  }
  return { sha256: hash.digest('hex'), length, tail };
}

describe('slide ZIP', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('is the same bytes every time, of exactly the length computed before reading', async () => {
    const files = [
      (await writeRandomFile(temp.dir, 'a.mrxs', 100)).file,
      (await writeRandomFile(temp.dir, 'b.dat', 3 * 1024 * 1024 + 5)).file,
      (await writeRandomFile(temp.dir, 'c.dat', 0)).file,
    ];
    const members = await membersOf(files[0]!, files);
    const length = await slideZipLength(members);
    const first = await digest(slideZipStream(members, { slideName: 'a.mrxs' }));
    const second = await digest(slideZipStream(members, { slideName: 'a.mrxs' }));
    expect(first.length).toBe(length);
    expect(second).toEqual(first);
  });

  it(
    'uses ZIP64 for a member over 4 GiB (a sparse file here), length still known in advance',
    { timeout: 120_000 },
    async () => {
      const big = path.join(temp.dir, 'Data0000.dat');
      const handle = await open(big, 'w');
      await handle.truncate(4 * GiB + 10);
      await handle.close();
      const members = await membersOf(big, [big]);
      const length = await slideZipLength(members);
      const { length: streamed, tail } = await digest(slideZipStream(members, { slideName: 'x.mrxs' }), {
        hash: false,
      });
      expect(streamed).toBe(length);
      // ZIP64 end of central directory record and its locator sit before the classic end record.
      expect(tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
      expect(tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    },
  );

  it('a member that shrank fails the stream naming it (source-changed)', async () => {
    const file = (await writeRandomFile(temp.dir, 's.dat', 1000)).file;
    const members = (await membersOf(file, [file])).map((member) => ({ ...member, size: 2000 }));
    await expect(digest(slideZipStream(members, { slideName: 's.mrxs' }))).rejects.toMatchObject({
      kind: 'source-changed',
      message: expect.stringContaining('s.dat, part of the slide s.mrxs, changed size'),
    });
  });

  it('is named <slide>.mrxs.zip, <slide>.vsi.zip, <folder>.dcm.zip', () => {
    expect(slideZipName('mirax', '/scans/CASE-1.mrxs')).toBe('CASE-1.mrxs.zip');
    expect(slideZipName('olympus-vsi', '/scans/CASE-2.vsi')).toBe('CASE-2.vsi.zip');
    expect(slideZipName('dicom', '/scans/CASE-3/1.2.3.dcm')).toBe('CASE-3.dcm.zip');
  });

  it('computes CRC-32 with zlib, exactly as buffer-crc32 would', () => {
    const bufferCrc32 = createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as {
      unsigned: (data: Buffer, previous?: number) => number;
    };
    useNativeCrc32ForYazl();
    const data = Buffer.from('the quick brown fox jumps over the lazy dog'.repeat(100));
    const zlibCrc = (zlib as unknown as { crc32: (data: Buffer, value?: number) => number }).crc32;
    expect(bufferCrc32.unsigned(data.subarray(10), bufferCrc32.unsigned(data.subarray(0, 10)))).toBe(
      zlibCrc(data),
    );
    // The table the JavaScript implementation would use gives the same value (known vector: "123456789").
    expect(bufferCrc32.unsigned(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
