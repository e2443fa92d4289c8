import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from '../../../../src-main/sandbox/s3/range.js';

describe('parseRangeHeader', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=95-', { start: 95, end: 99 }],
    ['bytes=-5', { start: 95, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=90-1000', { start: 90, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-2', undefined],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
    [undefined, undefined],
  ] as const)('%s of 100 bytes → %j', (header, expected) => {
    expect(parseRangeHeader(header, 100)).toEqual(expected);
  });
});
