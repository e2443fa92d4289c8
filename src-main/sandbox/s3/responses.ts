import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { S3StoreError } from './errors.js';
import { errorDocument } from './xml.js';

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export type ResponseHeaders = Record<string, string | number>;

export function sendXml(
  res: ServerResponse,
  status: number,
  xml: string,
  headers: ResponseHeaders = {},
): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': body.length });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: ResponseHeaders = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** An S3 XML error document (headers only for HEAD, as S3 does); if the response has already started, the connection is cut instead. */
export function sendError(
  res: ServerResponse,
  error: S3StoreError,
  resource: string,
  requestId: string,
  isHead: boolean,
  headers: ResponseHeaders = {},
): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = Buffer.from(errorDocument(error.code, error.message, resource, requestId), 'utf8');
  res.writeHead(error.status, {
    ...headers,
    'Content-Type': 'application/xml',
    'Content-Length': isHead ? 0 : body.length,
  });
  res.end(isHead ? undefined : body);
}

/** S3's timestamp format in XML bodies: ISO 8601 with milliseconds. */
export function xmlTimestamp(date: Date): string {
  return date.toISOString();
}

/** HTTP-date for Last-Modified. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
