import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStore, type TestStore } from './helpers.js';

const MiB = 1024 * 1024;
let s3: TestStore;

beforeEach(async () => {
  s3 = await startStore();
});
afterEach(async () => {
  await s3.close();
});

async function putMultipart(key: string, parts: Buffer[]): Promise<void> {
  const { uploadId } = await s3.store.createMultipartUpload(key);
  const etags: string[] = [];
  for (const [index, data] of parts.entries()) {
    const url = await s3.store.presignUploadPart(key, uploadId, index + 1, 60);
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(data) });
    etags.push(response.headers.get('etag') ?? '');
  }
  await s3.store.completeMultipartUpload(
    key,
    uploadId,
    etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })),
  );
}

describe('object catalog', () => {
  it('lets a reader finish the old bytes when the object is replaced or deleted mid-read, then frees them', async () => {
    const oldParts = [randomBytes(5 * MiB), randomBytes(3 * MiB)];
    await putMultipart('slide', oldParts);
    const opened = await s3.store.openObject('slide');
    const chunks = (opened!.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const first = await chunks.next(); // the reader has started, and holds the old blobs

    await putMultipart('slide', [randomBytes(1000)]);
    await s3.store.deleteObject('slide');
    expect(await s3.store.headObject('slide')).toBeNull();
    expect(await readdir(join(s3.dir, 'blobs'))).toHaveLength(2); // still on disk for the reader

    const received: Buffer[] = [first.value as Buffer];
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      received.push(next.value as Buffer);
    expect(Buffer.concat(received).equals(Buffer.concat(oldParts))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20)); // deferred unlinks run after the reader closes
    expect(await readdir(join(s3.dir, 'blobs'))).toEqual([]);
  });

  it('survives a restart with its objects and listing intact', async () => {
    await putMultipart('a/b', [randomBytes(10)]);
    await putMultipart('a/c', [randomBytes(20)]);
    await s3.restart();
    expect(await s3.store.headObject('a/b')).toMatchObject({ size: 10 });
    expect(await s3.store.headObject('a/c')).toMatchObject({ size: 20 });
  });
});
