import { describe, expect, it } from 'vitest';
import { S3StoreError } from '../../../../src-main/sandbox/s3/index.js';
import {
  checkPolicy,
  contentLengthLimits,
  decodePostPolicy,
} from '../../../../src-main/sandbox/s3/post-policy.js';

const encode = (document: unknown) => Buffer.from(JSON.stringify(document)).toString('base64');
const now = new Date('2030-01-01T00:00:00Z');
const policy = decodePostPolicy(
  encode({
    expiration: '2030-01-01T01:00:00Z',
    conditions: [
      { bucket: 'b' },
      ['starts-with', '$key', 'uploads/'],
      ['eq', '$Content-Type', 'image/tiff'],
      ['content-length-range', 1, '100'],
      ['starts-with', '$x-amz-meta-note', ''],
    ],
  }),
);

function failure(run: () => void): S3StoreError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as S3StoreError;
  }
}

describe('POST policy', () => {
  it('accepts fields meeting every condition (names case-insensitive)', () => {
    const fields = new Map([
      ['key', 'uploads/a.svs'],
      ['content-type', 'image/tiff'],
      ['x-ignore-me', '1'],
      ['policy', '...'],
    ]);
    expect(failure(() => checkPolicy(policy, fields, 'b', now))).toBeUndefined();
    expect(contentLengthLimits(policy)).toMatchObject({ min: 1, max: 100 });
  });

  it('refuses a starts-with or eq violation, another bucket, or expiry', () => {
    const fields = new Map([
      ['key', 'elsewhere/a.svs'],
      ['content-type', 'image/tiff'],
    ]);
    expect(failure(() => checkPolicy(policy, fields, 'b', now))?.message).toMatch(/starts-with/);
    fields.set('key', 'uploads/a');
    fields.set('content-type', 'text/html');
    expect(failure(() => checkPolicy(policy, fields, 'b', now))?.message).toMatch(/"eq"/);
    fields.set('content-type', 'image/tiff');
    expect(failure(() => checkPolicy(policy, fields, 'other', now))?.message).toMatch(/bucket/);
    expect(
      failure(() => checkPolicy(policy, fields, 'b', new Date('2030-01-01T01:00:00Z')))?.message,
    ).toMatch(/expired/);
  });

  it('refuses malformed policy documents with InvalidPolicyDocument', () => {
    for (const document of [
      'not base64 json',
      encode({ conditions: [] }),
      encode({ expiration: 'x', conditions: [] }),
      encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['nope', '$key', 'x']] }),
    ]) {
      const error = failure(() => decodePostPolicy(document));
      expect(error).toBeInstanceOf(S3StoreError);
      expect(error?.code).toBe('InvalidPolicyDocument');
      expect(error?.status).toBe(400);
    }
  });
});
