import {
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, startStore, type TestStore } from './helpers.js';

let s3: TestStore;
let client: S3Client;
const KEYS = ['a.txt', 'dir/one.txt', 'dir/sub/two.txt', 'dir/three.txt', 'dir2/four.txt', 'z y.txt'];

beforeAll(async () => {
  s3 = await startStore();
  client = s3.sdk();
  for (const key of KEYS) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
});
afterAll(async () => {
  await s3.close();
});

describe('bucket operations', () => {
  it('lists all objects in key order with ListObjectsV2', async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([...KEYS].sort());
    expect(listed.KeyCount).toBe(KEYS.length);
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Contents?.[0]).toMatchObject({ Size: 5, ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it('rolls keys up into common prefixes with a delimiter, within a prefix', async () => {
    const top = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(top.Contents?.map((object) => object.Key)).toEqual(['a.txt', 'z y.txt']);
    expect(top.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['dir/', 'dir2/']);

    const inDir = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'dir/', Delimiter: '/' }),
    );
    expect(inDir.Contents?.map((object) => object.Key)).toEqual(['dir/one.txt', 'dir/three.txt']);
    expect(inDir.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['dir/sub/']);
  });

  it('pages with max-keys and continuation tokens (V2) and markers (V1), never repeating a common prefix', async () => {
    const seenV2: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }),
      );
      seenV2.push(
        ...(page.Contents ?? []).map((object) => object.Key ?? ''),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(seenV2).toEqual(['a.txt', 'dir/', 'dir2/', 'z y.txt']);

    const seenV1: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, Marker: marker }),
      );
      seenV1.push(
        ...(page.Contents ?? []).map((object) => object.Key ?? ''),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      );
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    expect(seenV1.sort()).toEqual(['a.txt', 'dir/', 'dir2/', 'z y.txt']);
  });

  it('answers HeadBucket and GetBucketLocation', async () => {
    const head = await client.send(new HeadBucketCommand({ Bucket: BUCKET }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    const location = await client.send(new GetBucketLocationCommand({ Bucket: BUCKET }));
    expect(location.LocationConstraint ?? '').toBe('');
  });

  it('does not handle paths of other buckets', async () => {
    const response = await fetch(`${s3.endpoint}/${BUCKET}-other/x`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not the bucket');
  });
});
