import { describe, expect, it } from 'vitest';
import { sendingText } from '../../../src-renderer/app/status-bar-text.js';

describe('sendingText', () => {
  it('shows the speed when it is known and leaves it out otherwise', () => {
    expect(sendingText(2, 2_000_000)).toBe('2 uploading · 2.0 MB/s');
    expect(sendingText(1, 0)).toBe('1 uploading');
    expect(sendingText(1, null)).toBe('1 uploading');
    expect(sendingText(1, Number.NaN)).toBe('1 uploading');
  });
});
