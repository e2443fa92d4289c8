import { s3Errors } from './errors.js';

/** Decoded query parameters; a repeated name keeps every value, a bare name (`?uploads`) has value ''. */
export type QueryParams = Record<string, string | string[]>;

export interface RequestTarget {
  bucket: string;
  /** '' for bucket-level requests. */
  key: string;
  /** The path exactly as sent (still percent-encoded): what a SigV4 signature covers. */
  rawPath: string;
  query: QueryParams;
}

const MAX_KEY_BYTES = 1024;

/** True when the URL's path is `/<bucket>` or under `/<bucket>/`. */
export function isBucketPath(url: string, bucket: string): boolean {
  const path = pathOf(url);
  return path === `/${bucket}` || path.startsWith(`/${bucket}/`);
}

/** Splits a path-style request URL into bucket, key and query (InvalidURI when it cannot be decoded). */
export function parseRequestTarget(url: string, bucket: string): RequestTarget {
  const rawPath = pathOf(url);
  const queryIndex = url.indexOf('?');
  const query = parseQuery(queryIndex === -1 ? '' : url.slice(queryIndex + 1));
  const encodedKey = rawPath.slice(bucket.length + 2);
  const key = decode(encodedKey);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  return { bucket, key, rawPath, query };
}

export function queryValue(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A non-negative integer parameter such as max-keys; undefined when absent, InvalidArgument when not a number. */
export function queryCount(query: QueryParams, name: string): number | undefined {
  const value = queryValue(query, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value))
    throw s3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`);
  return Number(value);
}

export function hasQuery(query: QueryParams, name: string): boolean {
  return Object.hasOwn(query, name);
}

/**
 * Percent-decodes without treating `+` as a space: SigV4 clients encode spaces as %20, and a literal `+`
 * must survive so the canonical query matches what was signed.
 */
function parseQuery(rawQuery: string): QueryParams {
  const query: QueryParams = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[name] = [existing, value];
  }
  return query;
}

function pathOf(url: string): string {
  const queryIndex = url.indexOf('?');
  return queryIndex === -1 ? url : url.slice(0, queryIndex);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw s3Errors.invalidUri();
  }
}
