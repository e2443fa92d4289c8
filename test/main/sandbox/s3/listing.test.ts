import { describe, expect, it } from 'vitest';
import { listPage } from '../../../../src-main/sandbox/s3/listing.js';

const keys = ['a', 'b/1', 'b/2', 'b/c/3', 'c', 'ö'];

describe('listPage', () => {
  it('lists keys with the prefix, after the marker', () => {
    expect(listPage(keys, { prefix: 'b/', delimiter: '', after: 'b/1', maxKeys: 10 })).toEqual({
      keys: ['b/2', 'b/c/3'],
      commonPrefixes: [],
      isTruncated: false,
      last: 'b/c/3',
    });
  });

  it('counts a common prefix once against max-keys and resumes after it', () => {
    const first = listPage(keys, { prefix: '', delimiter: '/', after: undefined, maxKeys: 2 });
    expect(first).toMatchObject({ keys: ['a'], commonPrefixes: ['b/'], isTruncated: true, last: 'b/' });
    const second = listPage(keys, { prefix: '', delimiter: '/', after: first.last, maxKeys: 2 });
    expect(second).toMatchObject({ keys: ['c', 'ö'], commonPrefixes: [], isTruncated: false });
  });

  it('returns nothing for max-keys 0 but says there is more', () => {
    expect(listPage(keys, { prefix: '', delimiter: '', after: undefined, maxKeys: 0 })).toMatchObject({
      keys: [],
      isTruncated: true,
    });
  });
});
