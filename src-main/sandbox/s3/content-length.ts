import type { IncomingMessage } from 'node:http';
import { s3Errors } from './errors.js';

/** S3's largest single PUT and largest part. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024;

/** The declared body length: required (411 MissingContentLength) and at most `max` (EntityTooLarge). */
export function requireContentLength(req: IncomingMessage, max = MAX_UPLOAD_BYTES): number {
  const header = req.headers['content-length'];
  if (header === undefined) throw s3Errors.missingContentLength();
  if (!/^\d+$/.test(header)) throw s3Errors.invalidArgument('Content-Length must be a non-negative integer.');
  const length = Number(header);
  if (length > max) throw s3Errors.entityTooLarge();
  return length;
}
