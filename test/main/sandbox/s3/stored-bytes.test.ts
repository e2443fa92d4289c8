import { createHash, randomBytes } from 'node:crypto';
import { readFile, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseErrorXml, sdkError, startStore, type TestStore } from './helpers.js';

const MiB = 1024 * 1024;
const HOUR_MS = 60 * 60 * 1000;
let s3: TestStore;

beforeEach(async () => {
  s3 = await startStore();
});
afterEach(async () => {
  await s3.close();
});

async function putPart(key: string, uploadId: string, partNumber: number, data: Buffer): Promise<string> {
  const url = await s3.store.presignUploadPart(key, uploadId, partNumber, 60);
  const response = await fetch(url, { method: 'PUT', body: new Uint8Array(data) });
  expect(response.status).toBe(200);
  return response.headers.get('etag') ?? '';
}

async function putMultipart(key: string, parts: Buffer[]): Promise<void> {
  const { uploadId } = await s3.store.createMultipartUpload(key);
  const etags: string[] = [];
  for (const [index, data] of parts.entries()) etags.push(await putPart(key, uploadId, index + 1, data));
  await s3.store.completeMultipartUpload(
    key,
    uploadId,
    etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })),
  );
}

/** The blob file of each part of the object, in order (read from its manifest, as the store does). */
async function blobFilesOf(key: string): Promise<string[]> {
  const manifestName = `${createHash('sha256').update(key).digest('hex')}.json`;
  const manifest = JSON.parse(await readFile(join(s3.dir, 'objects', manifestName), 'utf8')) as {
    parts: Array<{ blob: string }>;
  };
  return manifest.parts.map((part) => join(s3.dir, 'blobs', part.blob));
}

async function rawGet(key: string, init: RequestInit = {}) {
  const url = await s3.store.presignGetObject(key, { expiresSeconds: 60 });
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('an object whose stored bytes are damaged', () => {
  const key = 'slides/damaged.svs';
  const parts = [randomBytes(5 * MiB), randomBytes(1000)];

  it.each([
    ['missing', (file: string) => unlink(file), /part 2 of 2 .* is missing from the store/],
    ['truncated', (file: string) => truncate(file, 10), /part 2 of 2 .* holds 10 of its 1000 bytes/],
  ])(
    'is refused with 500 InternalError naming the part when a blob is %s (GET, ranged GET, HEAD, SDK)',
    async (_how, damage, message) => {
      await putMultipart(key, parts);
      await damage((await blobFilesOf(key))[1]!);

      for (const init of [{}, { headers: { Range: 'bytes=0-99' } }]) {
        const got = await rawGet(key, init);
        expect(got.status).toBe(500);
        expect(got.headers.get('content-type')).toBe('application/xml');
        expect(parseErrorXml(got.body)).toMatchObject({
          code: 'InternalError',
          message: expect.stringMatching(message),
        });
      }
      const head = await sdkError(s3.sdk().send(new HeadObjectCommand({ Bucket: 'test-bucket', Key: key })));
      expect(head.$metadata.httpStatusCode).toBe(500);

      const error = await sdkError(s3.sdk().send(new GetObjectCommand({ Bucket: 'test-bucket', Key: key })));
      expect(error.name).toBe('InternalError');
      await expect(s3.store.openObject(key)).rejects.toMatchObject({ code: 'InternalError' });
    },
  );

  it('fails the stream (never ends it quietly short) when a blob is cut after the object was opened', async () => {
    await putMultipart(key, parts);
    const opened = await s3.store.openObject(key);
    await truncate((await blobFilesOf(key))[1]!, 10);
    const reading = (async () => {
      for await (const chunk of opened!.stream as AsyncIterable<Buffer>) void chunk;
    })();
    await expect(reading).rejects.toThrow(/ended after 10 of 1000 bytes/);
  });

  it('is still served whole while every blob is intact', async () => {
    await putMultipart(key, parts);
    const url = await s3.store.presignGetObject(key, { expiresSeconds: 60 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat(parts))).toBe(true);
  });
});

describe('startup clean-up of unreferenced blobs', () => {
  it('keeps the parts of an open multipart upload and young strays; removes strays older than the grace period', async () => {
    const { uploadId } = await s3.store.createMultipartUpload('open.bin');
    const part = randomBytes(1000);
    const etag = await putPart('open.bin', uploadId, 1, part);
    const young = join(s3.dir, 'blobs', 'a'.repeat(32)); // e.g. a part still being written by another process
    const old = join(s3.dir, 'blobs', 'b'.repeat(32));
    await writeFile(young, 'young');
    await writeFile(old, 'old');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS);
    await utimes(old, twoHoursAgo, twoHoursAgo);

    await s3.restart();

    await expect(readFile(young, 'utf8')).resolves.toBe('young');
    await expect(readFile(old)).rejects.toMatchObject({ code: 'ENOENT' });
    await s3.store.completeMultipartUpload('open.bin', uploadId, [{ PartNumber: 1, ETag: etag }]);
    const opened = await s3.store.openObject('open.bin');
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(part)).toBe(true);
  });
});
