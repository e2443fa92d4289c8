import { describe, expect, it } from 'vitest';
import { redactUrl, urlPath } from '../../../src-main/shared/redact.js';

describe('redactUrl', () => {
  it('hides presigned credentials but keeps the rest', () => {
    const url =
      'http://127.0.0.1:9000/bucket/key?partNumber=1&uploadId=u&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101&X-Amz-Signature=abcdef&X-Amz-Expires=3600';
    const redacted = redactUrl(url);
    expect(redacted).not.toContain('abcdef');
    expect(redacted).not.toContain('AKIA');
    expect(redacted).toContain('partNumber=1');
    expect(redacted).toContain('X-Amz-Signature=REDACTED');
  });

  it('hides user info and tokens; survives non-URLs', () => {
    expect(redactUrl('http://user:pw@host/x?token=t0k')).toBe('http://host/x?token=REDACTED');
    expect(redactUrl('not a url?Signature=zzz')).toBe('not a url?Signature=REDACTED');
  });

  it('names an endpoint by path only', () => {
    expect(urlPath('http://h/bucket/k?X-Amz-Signature=s')).toBe('/bucket/k');
  });
});
