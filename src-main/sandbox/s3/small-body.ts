import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { s3Errors } from './errors.js';

/**
 * Reads a small request body (an XML document) into memory, refusing anything over `maxBytes`, and
 * verifies the signed SHA-256 and Content-MD5 when given.
 */
export async function readSmallBody(
  req: IncomingMessage,
  maxBytes: number,
  checks: { sha256Hex?: string; contentMd5?: Buffer },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw s3Errors.invalidRequest(`The request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (checks.contentMd5 && !createHash('md5').update(body).digest().equals(checks.contentMd5)) {
    throw s3Errors.badDigest();
  }
  if (
    checks.sha256Hex !== undefined &&
    createHash('sha256').update(body).digest('hex') !== checks.sha256Hex
  ) {
    throw s3Errors.sha256Mismatch();
  }
  return body;
}
