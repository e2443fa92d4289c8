import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import axios from 'axios';
import FormData from 'form-data';
import type { PresignedPost } from '../../src-shared/api/index.js';
import { urlPath } from '../shared/redact.js';
import { toApiError } from './to-api-error.js';

export interface StorageBody {
  body: Readable | Buffer;
  /** Exactly the bytes `body` gives: the form's length is known before the first byte (S3 needs it). */
  size: number;
  fileName: string;
  signal?: AbortSignal | undefined;
}

/**
 * The one presigned-POST transport: a form POST to `response.url` with exactly the returned fields, in order,
 * then the file last — S3 rejects fields no policy condition covers and ignores fields after the file. No bearer
 * token goes along (storage is another service) and no redirect is followed. Returns storage's ETag, if given.
 * The engine (post-upload.ts) hands it a hashed, paced, stall-watched body; {@link postFileToStorage} a plain file.
 */
export async function postToStorage(presigned: PresignedPost, file: StorageBody): Promise<string | null> {
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned)) if (name !== 'url') form.append(name, value);
  form.append('file', file.body, {
    filename: formFileName(file.fileName),
    contentType: 'application/octet-stream',
    knownLength: file.size,
  });
  try {
    const response = await axios.post(presigned.url, form, {
      headers: { ...form.getHeaders(), 'Content-Length': String(form.getLengthSync()) },
      signal: file.signal,
      maxRedirects: 0,
      // -1 (no limit) rather than Infinity: any limit makes axios pipe the body through one more counting stream.
      maxBodyLength: -1,
      responseType: 'text',
    });
    const etag: unknown = response.headers['etag'];
    return typeof etag === 'string' ? etag : null;
  } catch (error) {
    throw toApiError(error, `POST ${urlPath(presigned.url)} (storage)`);
  }
}

/**
 * The file name as the form's part header carries it. Storage names the object by the policy's key, not by this
 * name, so it only has to be a valid quoted header value: control characters, quotes and backslashes (any name
 * the OS allows, e.g. one with ESC in it) would make the whole form unreadable ("not well-formed multipart").
 */
export function formFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f"\\]/g, '_');
  return safe === '' ? 'slide' : safe;
}

/** A whole file through {@link postToStorage}, as it is on disk (seeding images, tools). */
export async function postFileToStorage(
  presigned: PresignedPost,
  filePath: string,
  opts: { signal?: AbortSignal } = {},
): Promise<string | null> {
  const { size } = await stat(filePath);
  const body = size === 0 ? Buffer.alloc(0) : createReadStream(filePath);
  return postToStorage(presigned, { body, size, fileName: path.basename(filePath), signal: opts.signal });
}
