import { describe, expect, it } from 'vitest';
import { parseServerTime } from '../../../../src-renderer/features/images/server-time.js';

describe('parseServerTime', () => {
  it('reads the server format as UTC, microseconds cut to milliseconds', () => {
    expect(parseServerTime('2022-08-17 06:59:27.530508')?.toISOString()).toBe('2022-08-17T06:59:27.530Z');
    expect(parseServerTime('2022-08-17 06:59')?.toISOString()).toBe('2022-08-17T06:59:00.000Z');
  });

  it('passes zoned ISO times through and refuses nonsense', () => {
    expect(parseServerTime('2022-08-17T06:59:27+02:00')?.toISOString()).toBe('2022-08-17T04:59:27.000Z');
    expect(parseServerTime('yesterday')).toBeNull();
    expect(parseServerTime(null)).toBeNull();
  });
});
