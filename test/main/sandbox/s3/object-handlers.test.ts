import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, CREDENTIALS, REGION, readAll, sdkError, startStore, type TestStore } from './helpers.js';

let s3: TestStore;
let client: S3Client;

beforeAll(async () => {
  s3 = await startStore();
  client = s3.sdk();
});
afterAll(async () => {
  await s3.close();
});

describe('objects through the AWS SDK S3Client', () => {
  it('puts, heads, gets and deletes an object', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 5);
    const put = await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'dir/ünïcødé name.svs',
        Body: data,
        ContentType: 'image/x-aperio-svs',
        Metadata: { mtime: '1700000000' },
      }),
    );
    const etag = `"${createHash('md5').update(data).digest('hex')}"`;
    expect(put.ETag).toBe(etag);

    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' }));
    expect(head).toMatchObject({ ContentLength: data.length, ETag: etag, ContentType: 'image/x-aperio-svs' });
    expect(head.Metadata).toEqual({ mtime: '1700000000' });

    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);

    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' })); // idempotent
    expect(
      (await sdkError(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' }))))
        .$metadata.httpStatusCode,
    ).toBe(404);
    const missing = await sdkError(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dir/ünïcødé name.svs' })),
    );
    expect(missing.name).toBe('NoSuchKey');
  });

  it('also works with the SDK default checksum settings (flexible checksum headers are accepted)', async () => {
    const defaults = new S3Client({
      endpoint: s3.endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      forcePathStyle: true,
    });
    try {
      await defaults.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'defaults.txt', Body: 'hello' }));
      const got = await defaults.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'defaults.txt' }));
      expect(await got.Body!.transformToString()).toBe('hello');
    } finally {
      defaults.destroy();
    }
  });

  it('serves ranges (206 + Content-Range) and refuses unsatisfiable ones with 416', async () => {
    const data = randomBytes(10_000);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged', Body: data }));
    for (const [range, start, end] of [
      ['bytes=100-199', 100, 199],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=9000-20000', 9000, 9999],
    ] as const) {
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: range }));
      expect(got.ContentRange).toBe(`bytes ${start}-${end}/10000`);
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data.subarray(start, end + 1))).toBe(
        true,
      );
    }
    const unsatisfiable = await sdkError(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged', Range: 'bytes=10000-' })),
    );
    expect(unsatisfiable.$metadata.httpStatusCode).toBe(416);
    expect(unsatisfiable.name).toBe('InvalidRange');

    const opened = await s3.store.openObject('ranged', { start: 10, end: 19 });
    expect((await readAll(opened!.stream)).equals(data.subarray(10, 20))).toBe(true);
  });

  it('verifies Content-MD5 on PutObject (400 BadDigest, nothing stored)', async () => {
    const blobsBefore = (await readdir(join(s3.dir, 'blobs'))).length;
    const error = await sdkError(
      client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'digest',
          Body: 'the real body',
          ContentMD5: createHash('md5').update('another body').digest('base64'),
        }),
      ),
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.name).toBe('BadDigest');
    expect(await s3.store.headObject('digest')).toBeNull();
    expect((await readdir(join(s3.dir, 'blobs'))).length).toBe(blobsBefore);
  });

  it('stores empty objects', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: new Uint8Array(0) }));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'empty' }));
    expect(got.ContentLength).toBe(0);
    expect(await got.Body!.transformToString()).toBe('');
    expect(got.ETag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
  });
});
