import { compareKeys } from './objects.js';

export interface ListingRequest {
  prefix: string;
  /** '' for none. */
  delimiter: string;
  /** List only entries after this key or common prefix (marker / start-after / continuation). */
  after: string | undefined;
  maxKeys: number;
}

export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page continues from. */
  last: string | undefined;
}

/**
 * One page of a bucket listing over keys in S3 order, with S3's delimiter roll-up: keys sharing the part
 * of their name up to the next delimiter after the prefix are returned once, as a common prefix (which
 * counts as one entry against max-keys).
 */
export function listPage(sortedKeys: readonly string[], request: ListingRequest): ListingPage {
  const { prefix, delimiter, after, maxKeys } = request;
  const page: ListingPage = { keys: [], commonPrefixes: [], isTruncated: false, last: undefined };
  let index = firstIndexAtOrAfter(
    sortedKeys,
    after !== undefined && compareKeys(after, prefix) > 0 ? after : prefix,
  );
  for (; index < sortedKeys.length; index++) {
    const key = sortedKeys[index] ?? '';
    if (!key.startsWith(prefix)) break; // keys with the prefix are contiguous in sorted order
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    const delimiterAt = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const commonPrefix = delimiterAt === -1 ? undefined : key.slice(0, delimiterAt + delimiter.length);
    if (commonPrefix !== undefined) {
      const alreadyListed = commonPrefix === page.commonPrefixes.at(-1);
      const listedOnEarlierPage = after !== undefined && compareKeys(commonPrefix, after) <= 0;
      if (alreadyListed || listedOnEarlierPage) continue;
    }
    if (page.keys.length + page.commonPrefixes.length >= maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (commonPrefix === undefined) page.keys.push(key);
    else page.commonPrefixes.push(commonPrefix);
    page.last = commonPrefix ?? key;
  }
  return page;
}

function firstIndexAtOrAfter(sortedKeys: readonly string[], bound: string): number {
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sortedKeys[middle] ?? '', bound) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
