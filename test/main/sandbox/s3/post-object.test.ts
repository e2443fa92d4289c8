import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUCKET,
  CREDENTIALS,
  bodyOf,
  parseErrorXml,
  readAll,
  startStore,
  type TestStore,
} from './helpers.js';

type Field = [name: string, value: string];

let clockMs = Date.now();
let s3: TestStore;

beforeEach(async () => {
  clockMs = Date.now();
  s3 = await startStore({ now: () => new Date(clockMs) });
});
afterEach(async () => {
  await s3.close();
});

/** Posts a browser-style form: the given fields in order, the file, then any fields meant to come after it. */
async function postForm(url: string, fields: Field[], file: Buffer, after: Field[] = []) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.append('file', new Blob([bodyOf(file)], { type: 'application/octet-stream' }), 'slide.svs');
  for (const [name, value] of after) form.append(name, value);
  const response = await fetch(url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, error: parseErrorXml(text) };
}

async function presignedFields(key: string, opts: { expiresSeconds?: number; maxBytes?: number } = {}) {
  const { url, fields } = await s3.store.presignPost(key, {
    expiresSeconds: opts.expiresSeconds ?? 300,
    ...opts,
  });
  return { url, fields: Object.entries(fields) as Field[] };
}

async function storedBytes(key: string): Promise<Buffer | null> {
  const opened = await s3.store.openObject(key);
  return opened ? readAll(opened.stream) : null;
}

function v2Form(key: string, extraConditions: unknown[] = [], secret = CREDENTIALS.secretAccessKey): Field[] {
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(clockMs + 60_000).toISOString(),
      conditions: [{ bucket: BUCKET }, { key }, ...extraConditions],
    }),
  ).toString('base64');
  const signature = createHmac('sha1', secret).update(policy).digest('base64');
  return [
    ['key', key],
    ['AWSAccessKeyId', CREDENTIALS.accessKeyId],
    ['policy', policy],
    ['signature', signature],
  ];
}

describe('browser-form POST upload', () => {
  it('stores the file sent with exactly the presigned fields, file last, and serves identical bytes', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 123);
    const { url, fields } = await presignedFields('slides/a.svs');
    expect(url).toBe(`${s3.endpoint}/${BUCKET}`);

    const posted = await postForm(url, fields, data);

    expect(posted.status).toBe(204);
    const md5 = createHash('md5').update(data).digest('hex');
    expect(posted.headers.get('etag')).toBe(`"${md5}"`);
    expect(await s3.store.headObject('slides/a.svs')).toMatchObject({ size: data.length, etag: `"${md5}"` });
    expect((await storedBytes('slides/a.svs'))?.equals(data)).toBe(true);
  });

  it('answers 201 with a PostResponse document when success_action_status asks for it', async () => {
    const form: Field[] = [
      ...v2Form('k201', [{ success_action_status: '201' }]),
      ['success_action_status', '201'],
    ];
    const posted = await postForm(`${s3.endpoint}/${BUCKET}`, form, Buffer.from('hello'));
    expect(posted.status).toBe(201);
    expect(posted.text).toContain('<Key>k201</Key>');
    expect(posted.text).toContain(`<Bucket>${BUCKET}</Bucket>`);
  });

  it('ignores fields after the file, as S3 does', async () => {
    const { url, fields } = await presignedFields('after.bin');
    const posted = await postForm(url, fields, Buffer.from('payload'), [
      ['upload_file', 'true'],
      ['key', 'somewhere-else'],
    ]);
    expect(posted.status).toBe(204);
    expect((await storedBytes('after.bin'))?.toString()).toBe('payload');
    expect(await s3.store.headObject('somewhere-else')).toBeNull();
  });

  it('accepts V2 fields signed with the secret and refuses a wrong V2 signature', async () => {
    const url = `${s3.endpoint}/${BUCKET}`;
    expect((await postForm(url, v2Form('v2.bin'), Buffer.from('v2'))).status).toBe(204);
    expect((await storedBytes('v2.bin'))?.toString()).toBe('v2');

    const forged = await postForm(url, v2Form('v2-forged.bin', [], 'not-the-secret'), Buffer.from('x'));
    expect(forged.status).toBe(403);
    expect(forged.error.code).toBe('SignatureDoesNotMatch');
    expect(await s3.store.headObject('v2-forged.bin')).toBeNull();
  });

  describe('rejections (403, nothing stored)', () => {
    const data = Buffer.alloc(4096, 7);

    async function expectRejected(
      posted: Awaited<ReturnType<typeof postForm>>,
      code: string,
      message?: RegExp,
    ) {
      expect(posted.status).toBe(403);
      expect(posted.headers.get('content-type')).toBe('application/xml');
      expect(posted.error.code).toBe(code);
      if (message) expect(posted.error.message).toMatch(message);
      expect(await readdir(join(s3.dir, 'objects'))).toEqual([]);
    }

    it('wrong V4 signature', async () => {
      const { url, fields } = await presignedFields('k');
      const tampered = fields.map(([name, value]): Field => [
        name,
        name === 'X-Amz-Signature' ? value.replace(/^./, (c) => (c === '0' ? '1' : '0')) : value,
      ]);
      await expectRejected(await postForm(url, tampered, data), 'SignatureDoesNotMatch');
    });

    it('expired policy', async () => {
      const { url, fields } = await presignedFields('k', { expiresSeconds: 60 });
      clockMs += 61_000;
      await expectRejected(await postForm(url, fields, data), 'AccessDenied', /Policy expired/);
    });

    it('policy for another bucket', async () => {
      const other = await createPresignedPost(s3.sdk(), { Bucket: 'other-bucket', Key: 'k', Expires: 300 });
      const fields = Object.entries(other.fields) as Field[];
      await expectRejected(
        await postForm(`${s3.endpoint}/${BUCKET}`, fields, data),
        'AccessDenied',
        /Policy Condition failed: \{"bucket":"other-bucket"\}/,
      );
    });

    it('key that is not the signed one', async () => {
      const { url, fields } = await presignedFields('signed-key');
      const moved = fields.map(([name, value]): Field => [name, name === 'key' ? 'other-key' : value]);
      await expectRejected(
        await postForm(url, moved, data),
        'AccessDenied',
        /Policy Condition failed: \{"key":"signed-key"\}/,
      );
    });

    it('a field no condition covers (e.g. upload_file before the file)', async () => {
      const { url, fields } = await presignedFields('k');
      await expectRejected(
        await postForm(url, [...fields, ['upload_file', 'true']], data),
        'AccessDenied',
        /Extra input fields: upload_file/,
      );
    });

    it('file larger than content-length-range', async () => {
      const { url, fields } = await presignedFields('k', { maxBytes: 1024 });
      await expectRejected(await postForm(url, fields, data), 'AccessDenied', /content-length-range/);
      expect(await readdir(join(s3.dir, 'blobs'))).toEqual([]);
    });

    it('unknown access key', async () => {
      const form = v2Form('k').map(([name, value]): Field => [
        name,
        name === 'AWSAccessKeyId' ? 'AKIAUNKNOWN' : value,
      ]);
      await expectRejected(await postForm(`${s3.endpoint}/${BUCKET}`, form, data), 'InvalidAccessKeyId');
    });

    it('anonymous form (no policy, no signature)', async () => {
      await expectRejected(await postForm(`${s3.endpoint}/${BUCKET}`, [['key', 'k']], data), 'AccessDenied');
    });
  });

  it('accepts a file within content-length-range', async () => {
    const { url, fields } = await presignedFields('small', { maxBytes: 1024 });
    expect((await postForm(url, fields, Buffer.alloc(1024, 1))).status).toBe(204);
  });

  it('replaces an object atomically, and an aborted POST leaves neither a partial object nor the old one damaged', async () => {
    const first = randomBytes(256 * 1024);
    const second = randomBytes(300 * 1024);
    let presigned = await presignedFields('slide.svs');
    expect((await postForm(presigned.url, presigned.fields, first)).status).toBe(204);
    presigned = await presignedFields('slide.svs');
    expect((await postForm(presigned.url, presigned.fields, second)).status).toBe(204);
    expect((await storedBytes('slide.svs'))?.equals(second)).toBe(true);

    // Declare a 4 MiB file, send 1 MiB of it, then drop the connection.
    for (const key of ['slide.svs', 'fresh.svs']) {
      presigned = await presignedFields(key);
      await abortedPost(presigned.url, presigned.fields, 4 * 1024 * 1024, 1024 * 1024);
    }
    await s3.idle();

    expect((await storedBytes('slide.svs'))?.equals(second)).toBe(true);
    expect(await s3.store.headObject('fresh.svs')).toBeNull();
    expect(await readdir(join(s3.dir, 'blobs'))).toHaveLength(1);
  });
});

/** Sends a multipart form whose file is cut short by destroying the socket after `sentBytes` of `fileBytes`. */
async function abortedPost(
  url: string,
  fields: Field[],
  fileBytes: number,
  sentBytes: number,
): Promise<void> {
  const boundary = `----s3test${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    fields
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.svs"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = request(url, {
    method: 'POST',
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': head.length + fileBytes + tail.length,
    },
  });
  req.on('error', () => undefined);
  req.write(head);
  await new Promise<void>((resolve) => req.write(randomBytes(sentBytes), () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 50));
  req.destroy();
}
