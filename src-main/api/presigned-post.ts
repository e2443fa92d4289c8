import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
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
  /**
   * Told of each chunk of `body` once the request's socket has taken it (it is in the kernel's buffer): a body
   * that reuses its buffers may change that chunk's memory from then on, not before.
   */
  onWritten?: ((chunk: Buffer) => void) | undefined;
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
      ...(file.onWritten ? { transport: writeTellingTransport(file.onWritten) } : {}),
    });
    const etag: unknown = response.headers['etag'];
    return typeof etag === 'string' ? etag : null;
  } catch (error) {
    throw toApiError(error, `POST ${urlPath(presigned.url)} (storage)`);
  }
}

/**
 * Node's http/https `request`, with each chunk written to the request reported once the socket has taken it. The
 * body's chunks reach `req.write` as the very Buffers the body pushed (form-data forwards them; axios pipes the
 * form into the request unchanged when no progress callback or rate is set), and Node calls a write's callback
 * only when its bytes are in the kernel — the one moment that says a reused buffer may change.
 */
function writeTellingTransport(onWritten: (chunk: Buffer) => void) {
  return {
    request(options: http.RequestOptions, onResponse: (response: http.IncomingMessage) => void) {
      const request = (options.protocol === 'https:' ? https : http).request(options, onResponse);
      const write = request.write.bind(request) as (
        chunk: unknown,
        encoding: BufferEncoding | undefined,
        done: (error?: Error | null) => void,
      ) => boolean;
      request.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
        const callback = (typeof encoding === 'function' ? encoding : done) as
          ((error?: Error | null) => void) | undefined;
        return write(
          chunk,
          typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined,
          (error) => {
            if (!error && Buffer.isBuffer(chunk)) onWritten(chunk);
            callback?.(error);
          },
        );
      }) as typeof request.write;
      return request;
    },
  };
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
