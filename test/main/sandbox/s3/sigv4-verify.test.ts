import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKET,
  CREDENTIALS,
  REGION,
  bodyOf,
  parseErrorXml,
  sdkError,
  startStore,
  type TestStore,
} from './helpers.js';

let s3: TestStore;

beforeAll(async () => {
  s3 = await startStore();
});
afterAll(async () => {
  await s3.close();
});

const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A request signed client-side by the SDK's SignatureV4 (header auth), sent with fetch. */
async function sendSigned(
  method: string,
  key: string,
  options: {
    body?: Buffer;
    payloadHash?: string;
    headers?: Record<string, string>;
    signingDate?: Date;
    query?: Record<string, string>;
    tamper?: (headers: Record<string, string>) => void;
  } = {},
) {
  const url = new URL(`${s3.endpoint}/${BUCKET}/${key}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const body = options.body ?? Buffer.alloc(0);
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: REGION,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: options.query ?? {},
      headers: {
        host: url.host,
        'x-amz-content-sha256': options.payloadHash ?? sha256Hex(body),
        ...options.headers,
      },
    }),
    { signingDate: options.signingDate ?? new Date() },
  );
  const { host: _host, ...headers } = signed.headers;
  options.tamper?.(headers);
  const response = await fetch(url, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : bodyOf(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    error: parseErrorXml(text),
  };
}

describe('SigV4 header authentication', () => {
  it('accepts a correctly signed request with a signed payload hash', async () => {
    const body = Buffer.from('signed payload');
    expect((await sendSigned('PUT', 'signed.txt', { body })).status).toBe(200);
    expect(await s3.store.headObject('signed.txt')).toMatchObject({ size: body.length });
  });

  it('refuses a body that does not match x-amz-content-sha256 (400, nothing stored)', async () => {
    const blobsBefore = (await readdir(join(s3.dir, 'blobs'))).length;
    const sent = await sendSigned('PUT', 'mismatch.txt', {
      body: Buffer.from('what was sent'),
      payloadHash: sha256Hex(Buffer.from('what was signed')),
    });
    expect(sent.status).toBe(400);
    expect(sent.error.code).toBe('XAmzContentSHA256Mismatch');
    expect(await s3.store.headObject('mismatch.txt')).toBeNull();
    expect((await readdir(join(s3.dir, 'blobs'))).length).toBe(blobsBefore);
  });

  it('accepts UNSIGNED-PAYLOAD', async () => {
    const sent = await sendSigned('PUT', 'unsigned.txt', {
      body: Buffer.from('x'),
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(sent.status).toBe(200);
  });

  it('answers aws-chunked streaming payloads with 501 NotImplemented and a clear message', async () => {
    const sent = await sendSigned('PUT', 'chunked.txt', {
      body: Buffer.from('x'),
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    expect(sent.status).toBe(501);
    expect(sent.error.code).toBe('NotImplemented');
    expect(sent.error.message).toMatch(/aws-chunked/);
  });

  it('refuses a wrong secret, an unknown key id, a changed signed header and a skewed clock', async () => {
    const wrongSecret = s3.sdk({ ...CREDENTIALS, secretAccessKey: 'wrong' });
    const put = new PutObjectCommand({ Bucket: BUCKET, Key: 'nope', Body: 'x' });
    expect((await sdkError(wrongSecret.send(put))).name).toBe('SignatureDoesNotMatch');
    const unknownKey = s3.sdk({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    expect((await sdkError(unknownKey.send(put))).name).toBe('InvalidAccessKeyId');

    const changed = await sendSigned('PUT', 'nope', {
      body: Buffer.from('x'),
      headers: { 'content-type': 'text/plain' },
      tamper: (headers) => {
        headers['content-type'] = 'text/html';
      },
    });
    expect(changed.status).toBe(403);
    expect(changed.error.code).toBe('SignatureDoesNotMatch');

    const skewed = await sendSigned('GET', 'signed.txt', { signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(skewed.status).toBe(403);
    expect(skewed.error.code).toBe('RequestTimeTooSkewed');
    expect(await s3.store.headObject('nope')).toBeNull();
  });

  it('refuses unauthenticated requests (private bucket) and V2 header signatures', async () => {
    const anonymous = await fetch(`${s3.endpoint}/${BUCKET}/signed.txt`);
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get('content-type')).toBe('application/xml');
    expect(parseErrorXml(await anonymous.text()).code).toBe('AccessDenied');

    const v2 = await fetch(`${s3.endpoint}/${BUCKET}/signed.txt`, {
      headers: { Authorization: `AWS ${CREDENTIALS.accessKeyId}:abc=` },
    });
    expect(v2.status).toBe(400);
    expect(parseErrorXml(await v2.text()).code).toBe('InvalidRequest');
  });

  it('answers unsupported operations with S3 XML errors', async () => {
    const acl = await sendSigned('GET', 'signed.txt', { query: { acl: '' } });
    expect(acl).toMatchObject({
      status: 501,
      contentType: 'application/xml',
      error: { code: 'NotImplemented' },
    });
    const patch = await sendSigned('PATCH', 'signed.txt');
    expect(patch).toMatchObject({
      status: 405,
      contentType: 'application/xml',
      error: { code: 'MethodNotAllowed' },
    });
  });
});

describe('SigV4 presigned query authentication', () => {
  it('serves a presigned GET and refuses it when the path is tampered with or it has expired', async () => {
    const client = s3.sdk();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a.txt', Body: 'A' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'b.txt', Body: 'B' }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'a.txt' }), {
      expiresIn: 60,
    });

    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('A');

    const tampered = await fetch(url.replace('/a.txt?', '/b.txt?'));
    expect(tampered.status).toBe(403);
    expect(parseErrorXml(await tampered.text()).code).toBe('SignatureDoesNotMatch');

    const old = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'a.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const expired = await fetch(old);
    expect(expired.status).toBe(403);
    expect(parseErrorXml(await expired.text())).toEqual({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('honours response-* overrides of a presigned GET', async () => {
    const client = s3.sdk();
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'a.txt',
        ResponseContentDisposition: 'attachment; filename="a.txt"',
      }),
      { expiresIn: 60 },
    );
    const response = await fetch(url);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.txt"');
  });

  it('refuses a request with both query-string auth and an Authorization header, as S3 does (400 InvalidArgument)', async () => {
    const client = s3.sdk();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'twice.txt', Body: 'T' }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'twice.txt' }), {
      expiresIn: 60,
    });
    const expected = {
      code: 'InvalidArgument',
      message:
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    };
    // A client that followed a redirect here and kept its API token; and a V2-style query with a header.
    for (const [target, authorization] of [
      [url, 'Bearer api-token'],
      [`${s3.endpoint}/${BUCKET}/twice.txt?AWSAccessKeyId=x&Expires=1&Signature=abc`, 'AWS x:abc='],
    ] as const) {
      const refused = await fetch(target, { headers: { Authorization: authorization } });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toBe('application/xml');
      const body = await refused.text();
      expect(parseErrorXml(body)).toEqual(expected);
      expect(body).not.toContain('api-token');
    }
    expect(await (await fetch(url)).text()).toBe('T');
  });
});
