import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3StoreError } from '../../../../src-main/sandbox/s3/index.js';
import { bodyOf, parseErrorXml, readAll, startStore, type TestStore } from './helpers.js';

const MiB = 1024 * 1024;
let clockMs = Date.now();
let s3: TestStore;

beforeEach(async () => {
  clockMs = Date.now();
  s3 = await startStore({ now: () => new Date(clockMs) });
});
afterEach(async () => {
  await s3.close();
});

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');

async function putPart(url: string, data: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'PUT', body: bodyOf(data), headers });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), error: parseErrorXml(text) };
}

async function uploadParts(key: string, uploadId: string, parts: Buffer[], firstNumber = 1) {
  const etags: string[] = [];
  for (const [index, data] of parts.entries()) {
    const url = await s3.store.presignUploadPart(key, uploadId, firstNumber + index, 300);
    const put = await putPart(url, data);
    expect(put.status).toBe(200);
    etags.push(put.etag ?? '');
  }
  return etags;
}

async function expectStoreError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(S3StoreError);
  expect((error as S3StoreError).code).toBe(code);
}

describe('multipart upload', () => {
  it('uploads presigned parts, lists and completes them, and serves the object whole and by ranges across parts', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(MiB + 17)];
    const whole = Buffer.concat(parts);
    const key = 'slides/big file+1.svs';
    const { uploadId } = await s3.store.createMultipartUpload(key, 'image/tiff');

    const etags = await uploadParts(key, uploadId, parts);
    expect(etags).toEqual(parts.map((part) => `"${md5Hex(part)}"`));
    expect(await s3.store.listParts(key, uploadId)).toEqual(
      parts.map((part, index) => ({ PartNumber: index + 1, Size: part.length, ETag: etags[index] })),
    );
    expect(await s3.store.headObject(key)).toBeNull(); // not visible before completion

    const completed = await s3.store.completeMultipartUpload(
      key,
      uploadId,
      etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })),
    );

    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat(parts.map((part) => createHash('md5').update(part).digest())))
      .digest('hex')}-3"`;
    expect(completed).toEqual({ etag: expectedEtag, size: whole.length });
    expect(await s3.store.headObject(key)).toMatchObject({
      size: whole.length,
      etag: expectedEtag,
      contentType: 'image/tiff',
    });
    const opened = await s3.store.openObject(key);
    expect((await readAll(opened!.stream)).equals(whole)).toBe(true);

    const acrossAllParts = { start: 5 * MiB - 10, end: 10 * MiB + 10 };
    const ranged = await s3.store.openObject(key, acrossAllParts);
    expect(
      (await readAll(ranged!.stream)).equals(whole.subarray(acrossAllParts.start, acrossAllParts.end + 1)),
    ).toBe(true);

    const viaHttp = await s3
      .sdk()
      .send(new GetObjectCommand({ Bucket: 'test-bucket', Key: key, Range: 'bytes=5242870-5242900' }));
    expect(viaHttp.ContentRange).toBe(`bytes 5242870-5242900/${whole.length}`);
    expect(
      Buffer.from(await viaHttp.Body!.transformToByteArray()).equals(whole.subarray(5242870, 5242901)),
    ).toBe(true);
    expect(viaHttp.ETag).toBe(expectedEtag);

    // Completing re-used the part files (no copy) and removed the upload's records.
    expect(await readdir(join(s3.dir, 'blobs'))).toHaveLength(3);
    expect(await readdir(join(s3.dir, 'uploads'))).toEqual([]);
  });

  it('keeps parts across a restart and completes afterwards', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(1000)];
    const { uploadId } = await s3.store.createMultipartUpload('restart.bin');
    const [firstEtag = ''] = await uploadParts('restart.bin', uploadId, parts.slice(0, 1));

    await s3.restart();

    expect(await s3.store.listParts('restart.bin', uploadId)).toEqual([
      { PartNumber: 1, Size: 5 * MiB, ETag: firstEtag },
    ]);
    const [secondEtag = ''] = await uploadParts('restart.bin', uploadId, parts.slice(1), 2);
    await s3.store.completeMultipartUpload('restart.bin', uploadId, [
      { PartNumber: 1, ETag: firstEtag },
      { PartNumber: 2, ETag: secondEtag },
    ]);

    await s3.restart();
    const opened = await s3.store.openObject('restart.bin');
    expect((await readAll(opened!.stream)).equals(Buffer.concat(parts))).toBe(true);
    await expectStoreError(s3.store.listParts('restart.bin', uploadId), 'NoSuchUpload');
  });

  it('aborts: the upload and its parts are gone, later part uploads fail with NoSuchUpload', async () => {
    const { uploadId } = await s3.store.createMultipartUpload('aborted.bin');
    await uploadParts('aborted.bin', uploadId, [randomBytes(1000)]);
    const laterUrl = await s3.store.presignUploadPart('aborted.bin', uploadId, 2, 300);

    await s3.store.abortMultipartUpload('aborted.bin', uploadId);

    await expectStoreError(s3.store.listParts('aborted.bin', uploadId), 'NoSuchUpload');
    expect(await readdir(join(s3.dir, 'blobs'))).toEqual([]);
    const late = await putPart(laterUrl, randomBytes(10));
    expect(late.status).toBe(404);
    expect(late.error.code).toBe('NoSuchUpload');
    expect(await readdir(join(s3.dir, 'blobs'))).toEqual([]);
  });

  it('deleteObject aborts the uploads of that key', async () => {
    const { uploadId } = await s3.store.createMultipartUpload('gone.bin');
    await uploadParts('gone.bin', uploadId, [randomBytes(10)]);
    await s3.store.deleteObject('gone.bin');
    await s3.store.deleteObject('gone.bin'); // idempotent
    await expectStoreError(s3.store.listParts('gone.bin', uploadId), 'NoSuchUpload');
  });

  describe('refusals', () => {
    it('an expired part URL is refused with 403 "Request has expired"', async () => {
      const { uploadId } = await s3.store.createMultipartUpload('k');
      const url = await s3.store.presignUploadPart('k', uploadId, 1, 60);
      clockMs += 61_000;
      const put = await putPart(url, randomBytes(10));
      expect(put.status).toBe(403);
      expect(put.error).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
    });

    it('a tampered part number is refused with 403 SignatureDoesNotMatch', async () => {
      const { uploadId } = await s3.store.createMultipartUpload('k');
      const url = await s3.store.presignUploadPart('k', uploadId, 1, 300);
      expect(url).toContain('partNumber=1&');
      const put = await putPart(url.replace('partNumber=1&', 'partNumber=2&'), randomBytes(10));
      expect(put.status).toBe(403);
      expect(put.error.code).toBe('SignatureDoesNotMatch');
      expect(await s3.store.listParts('k', uploadId)).toEqual([]);
    });

    it('a Content-MD5 mismatch is refused with 400 BadDigest and stores nothing', async () => {
      const { uploadId } = await s3.store.createMultipartUpload('k');
      const url = await s3.store.presignUploadPart('k', uploadId, 1, 300);
      const wrongMd5 = createHash('md5').update('something else').digest('base64');
      const put = await putPart(url, randomBytes(100_000), { 'Content-MD5': wrongMd5 });
      expect(put.status).toBe(400);
      expect(put.error.code).toBe('BadDigest');
      expect(await s3.store.listParts('k', uploadId)).toEqual([]);
      expect(await readdir(join(s3.dir, 'blobs'))).toEqual([]);

      const data = randomBytes(1000);
      const good = await putPart(url, data, {
        'Content-MD5': createHash('md5').update(data).digest('base64'),
      });
      expect(good.status).toBe(200);
    });

    it('completion follows S3 rules: InvalidPartOrder, InvalidPart, EntityTooSmall', async () => {
      const { uploadId } = await s3.store.createMultipartUpload('k');
      const [one = '', two = ''] = await uploadParts('k', uploadId, [randomBytes(1000), randomBytes(1000)]);
      await expectStoreError(
        s3.store.completeMultipartUpload('k', uploadId, [
          { PartNumber: 2, ETag: two },
          { PartNumber: 1, ETag: one },
        ]),
        'InvalidPartOrder',
      );
      await expectStoreError(
        s3.store.completeMultipartUpload('k', uploadId, [{ PartNumber: 1, ETag: two }]),
        'InvalidPart',
      );
      await expectStoreError(
        s3.store.completeMultipartUpload('k', uploadId, [{ PartNumber: 3, ETag: two }]),
        'InvalidPart',
      );
      await expectStoreError(
        s3.store.completeMultipartUpload('k', uploadId, [
          { PartNumber: 1, ETag: one },
          { PartNumber: 2, ETag: two },
        ]),
        'EntityTooSmall',
      );
      // A single small part is fine (the last part has no minimum).
      const done = await s3.store.completeMultipartUpload('k', uploadId, [{ PartNumber: 2, ETag: two }]);
      expect(done.size).toBe(1000);
      expect(done.etag).toMatch(/^"[0-9a-f]{32}-1"$/);
    });
  });

  it('works through the S3 REST API with header-signed SDK calls (create, upload, list, complete, abort)', async () => {
    const client = s3.sdk();
    const Bucket = 'test-bucket';
    const parts = [randomBytes(5 * MiB), randomBytes(10)];
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key: 'sdk.bin', ContentType: 'application/x-test' }),
    );
    const etags: string[] = [];
    for (const [index, Body] of parts.entries()) {
      const uploaded = await client.send(
        new UploadPartCommand({ Bucket, Key: 'sdk.bin', UploadId, PartNumber: index + 1, Body }),
      );
      etags.push(uploaded.ETag ?? '');
    }
    const listed = await client.send(new ListPartsCommand({ Bucket, Key: 'sdk.bin', UploadId }));
    expect(listed.Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([
      [1, 5 * MiB, etags[0]],
      [2, 10, etags[1]],
    ]);

    const misordered = await client
      .send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'sdk.bin',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: etags[1] },
              { PartNumber: 1, ETag: etags[0] },
            ],
          },
        }),
      )
      .catch((error: unknown) => error);
    expect(misordered).toBeInstanceOf(S3ServiceException);
    expect((misordered as S3ServiceException).name).toBe('InvalidPartOrder');

    const completed = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'sdk.bin',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })) },
      }),
    );
    expect(completed.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'sdk.bin' }));
    expect(got.ContentType).toBe('application/x-test');
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);

    const second = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: 'sdk2.bin' }));
    await client.send(
      new AbortMultipartUploadCommand({ Bucket, Key: 'sdk2.bin', UploadId: second.UploadId }),
    );
    const gone = await client
      .send(new ListPartsCommand({ Bucket, Key: 'sdk2.bin', UploadId: second.UploadId }))
      .catch((error: unknown) => error);
    expect((gone as S3ServiceException).name).toBe('NoSuchUpload');
  });
});
