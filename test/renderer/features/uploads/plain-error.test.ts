import { describe, expect, it } from 'vitest';
import { plainErrorText } from '../../../../src-renderer/features/uploads/plain-error.js';

describe('plainErrorText', () => {
  it('drops the request prefix and capitalises what is left', () => {
    expect(
      plainErrorText(
        'POST /pathomiq-sandbox (storage) failed — could not reach the server (ECONNRESET); it will be tried again.',
      ),
    ).toBe('Could not reach the server (ECONNRESET); it will be tried again.');
    expect(plainErrorText('GET /Images/userid/19 failed — the server answered HTTP 503.')).toBe(
      'The server answered HTTP 503.',
    );
    expect(plainErrorText('PUT https://bucket.example/part?x=1 failed - timed out')).toBe('Timed out');
  });

  it('leaves messages without a request prefix as they are, apart from the first letter', () => {
    expect(plainErrorText('The file changed while it was being sent.')).toBe(
      'The file changed while it was being sent.',
    );
    expect(plainErrorText('disk full')).toBe('Disk full');
    expect(plainErrorText('POST is not allowed here')).toBe('POST is not allowed here');
    expect(plainErrorText('')).toBe('');
  });
});
