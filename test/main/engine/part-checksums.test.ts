import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src-main/sandbox/dialects.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Part checksums (issue 12): against a server that offers CRC-32 the parts go with `x-amz-checksum-crc32` in URLs
 * signed for it; against one from before (dialect md5-parts) with Content-MD5. Either way storage verifies every
 * part, a part corrupted on the way is refused and sent again, and the stored object is the file.
 */
describe.each([
  ['a server offering CRC-32 part checksums', [] as Dialect[], 'crc32'],
  ['a server from before part checksums (md5-parts)', ['md5-parts'] as Dialect[], 'md5'],
] as const)('multipart parts against %s', (_name, dialects, check) => {
  let proxy: FaultProxy;
  let sandbox: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let current: TestEngine | undefined;

  beforeEach(async () => {
    temp = await makeTempDir();
    proxy = await startFaultProxy();
    sandbox = await startTestSandbox({ dialects, publicUrl: proxy.url });
    proxy.setTarget(sandbox.listening);
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
    await sandbox.dispose();
    await proxy.close();
    await temp.cleanup();
  });

  const stored = async (uid: string) =>
    Buffer.from(await (await fetch(`${sandbox.listening}/S3/file/${uid}`)).arrayBuffer());
  const partRows = (stateDir: string) => {
    const db = new Database(path.join(stateDir, 'queue.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT part_number, md5, crc32 FROM job_parts ORDER BY part_number').all() as Array<{
        part_number: number;
        md5: string | null;
        crc32: string | null;
      }>;
    } finally {
      db.close();
    }
  };

  it('uploads byte-identical, each part verified by storage with the checksum the server offers', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'parts.svs', 12 * MiB + 7);
    current = await startTestEngine(proxy.url, { uploadMode: 'multipart' });
    const [job] = await current.upload([file]);
    expect(job).toMatchObject({ state: 'done', mode: 'multipart', sha256: sha256(bytes) });
    expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);

    const rows = partRows(current.stateDir);
    expect(rows.map((row) => row.part_number)).toEqual([1, 2, 3]);
    for (const row of rows) {
      if (check === 'crc32') expect(row).toMatchObject({ md5: null, crc32: expect.stringMatching(/==$/) });
      else expect(row).toMatchObject({ md5: expect.stringMatching(/^[0-9a-f]{32}$/), crc32: null });
    }
    // A part URL is signed for its CRC-32 only where the server offers it; an older server gets batches.
    const signedForChecksum = proxy.log.filter((entry) => /checksumCrc32=/.test(entry.url));
    expect(signedForChecksum).toHaveLength(check === 'crc32' ? 3 : 0);
  });

  it('a part corrupted on the way is refused by storage and sent again', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'flipped.svs', 11 * MiB);
    proxy.inject({
      match: { method: 'PUT', url: /partNumber=2&/ },
      fault: { type: 'flip-request-byte', offset: 123_457 },
    });
    current = await startTestEngine(proxy.url, { uploadMode: 'multipart' });
    const [job] = await current.upload([file]);
    expect(job).toMatchObject({ state: 'done', sha256: sha256(bytes) });
    expect((await stored(job!.imageUniqueId!)).equals(bytes)).toBe(true);
    const part2 = proxy.log.filter((entry) => entry.method === 'PUT' && /partNumber=2&/.test(entry.url));
    expect(part2.map((entry) => entry.outcome)).toEqual([
      'byte 123457 flipped, forwarded 400',
      'forwarded 200',
    ]);
  });
});
