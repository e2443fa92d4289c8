import type { IncomingMessage } from 'node:http';
import type { QueryParams } from './request-target.js';
import { httpDate, type ResponseHeaders } from './responses.js';
import type { ObjectManifest } from './objects.js';

const METADATA_PREFIX = 'x-amz-meta-';
/** S3's Content-Type for objects uploaded without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/**
 * User metadata (`x-amz-meta-*`) from request headers, or from query parameters when a presigning client
 * hoisted those headers into the URL. rclone keeps its mtime and MD5 there.
 */
export function userMetadataFrom(req: IncomingMessage, query: QueryParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const lower = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(',') : value;
    if (lower.startsWith(METADATA_PREFIX) && isValidHeaderValue(text)) metadata[lower] = text;
  }
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (name.startsWith(METADATA_PREFIX) && values) metadata[name] = values.join(',');
  }
  return metadata;
}

/** User metadata from browser-form fields (already lower-cased). */
export function userMetadataFromFields(fields: ReadonlyMap<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name.startsWith(METADATA_PREFIX) && isValidHeaderValue(value)) metadata[name] = value;
  }
  return metadata;
}

/** Metadata is echoed as response headers, so values Node would refuse to send are not kept. */
export function isValidHeaderValue(value: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
}

export function contentTypeOf(req: IncomingMessage): string {
  return req.headers['content-type'] || DEFAULT_CONTENT_TYPE;
}

/** Headers GET and HEAD answer with, before any Range adjustments. */
export function objectResponseHeaders(manifest: ObjectManifest): ResponseHeaders {
  const headers: ResponseHeaders = {
    'Content-Type': manifest.contentType,
    ETag: manifest.etag,
    'Last-Modified': httpDate(new Date(manifest.lastModified)),
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(manifest.metadata)) headers[name] = value;
  return headers;
}

/** Response header overrides a (presigned) GET may ask for, as S3 allows. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

export function responseOverrides(query: QueryParams): ResponseHeaders {
  const headers: ResponseHeaders = {};
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query[parameter];
    if (typeof value === 'string') headers[header] = value;
  }
  return headers;
}

/** The object's URL, for Location headers. */
export function objectUrl(endpoint: string, bucket: string, key: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
