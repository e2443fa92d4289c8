import type { Readable } from 'node:stream';
import { isAxiosError } from 'axios';
import axios from 'axios';
import { z } from 'zod';
import {
  completeMultipartRequestSchema,
  completeMultipartResultSchema,
  createMultipartRequestSchema,
  createMultipartResultSchema,
  multipartCapabilitiesSchema,
  signPartResultSchema,
  signPartsBatchResultSchema,
  uploadedPartsSchema,
  type CompleteMultipartRequest,
  type CreateMultipartRequest,
  type MultipartCapabilities,
} from '../../src-shared/api/index.js';
import { urlPath } from '../shared/redact.js';
import { ApiError } from './api-error.js';
import type { ApiHttp } from './http.js';
import { toApiError } from './to-api-error.js';
import { progressHandler, readErrorBody, type TransferOptions } from './transfer-progress.js';

type Signal = { signal?: AbortSignal | undefined };
const base = (uploadId: string) => `/S3/multipart/${encodeURIComponent(uploadId)}`;

/**
 * GET /S3/multipart — whether the server offers the multipart extension. A 404 (or any answer that is not the
 * capabilities document) means it does not, and the caller uses the presigned POST. Other failures are thrown.
 */
export async function getMultipartCapabilities(
  http: ApiHttp,
  opts: Signal = {},
): Promise<MultipartCapabilities | null> {
  try {
    return await http.json({
      method: 'GET',
      path: '/S3/multipart',
      schema: multipartCapabilitiesSchema,
      signal: opts.signal,
    });
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.kind === 'not-found' || error.kind === 'bad-response' || error.status === 405)
    )
      return null;
    throw error;
  }
}

/** POST /S3/multipart */
export const createMultipartUpload = (http: ApiHttp, request: CreateMultipartRequest, opts: Signal = {}) =>
  http.json({
    method: 'POST',
    path: '/S3/multipart',
    data: createMultipartRequestSchema.parse(request),
    schema: createMultipartResultSchema,
    signal: opts.signal,
  });

/** GET /S3/multipart/:uploadId/:partNumber?key=[&checksumCrc32=] — with a checksum, the URL is signed for it. */
export const signPart = (
  http: ApiHttp,
  key: string,
  uploadId: string,
  partNumber: number,
  opts: Signal & { checksumCrc32?: string | undefined } = {},
) =>
  http.json({
    method: 'GET',
    path: `${base(uploadId)}/${partNumber}`,
    params: { key, ...(opts.checksumCrc32 ? { checksumCrc32: opts.checksumCrc32 } : {}) },
    schema: signPartResultSchema,
    signal: opts.signal,
  });

/** GET /S3/multipart/:uploadId/batch?key=&partNumbers= */
export const signParts = (
  http: ApiHttp,
  key: string,
  uploadId: string,
  partNumbers: readonly number[],
  opts: Signal = {},
) =>
  http.json({
    method: 'GET',
    path: `${base(uploadId)}/batch`,
    params: { key, partNumbers: partNumbers.join(',') },
    schema: signPartsBatchResultSchema,
    signal: opts.signal,
  });

/** GET /S3/multipart/:uploadId?key= — parts already stored, to resume without re-sending them. */
export const listParts = (http: ApiHttp, key: string, uploadId: string, opts: Signal = {}) =>
  http.json({
    method: 'GET',
    path: base(uploadId),
    params: { key },
    schema: uploadedPartsSchema,
    signal: opts.signal,
  });

/** POST /S3/multipart/:uploadId/complete?key= */
export const completeMultipartUpload = (
  http: ApiHttp,
  key: string,
  uploadId: string,
  request: CompleteMultipartRequest,
  opts: Signal = {},
) =>
  http.json({
    method: 'POST',
    path: `${base(uploadId)}/complete`,
    params: { key },
    data: completeMultipartRequestSchema.parse(request),
    schema: completeMultipartResultSchema,
    signal: opts.signal,
  });

/** DELETE /S3/multipart/:uploadId?key= */
export const abortMultipartUpload = async (
  http: ApiHttp,
  key: string,
  uploadId: string,
  opts: Signal = {},
): Promise<void> => {
  await http.json({
    method: 'DELETE',
    path: base(uploadId),
    params: { key },
    schema: z.unknown(),
    signal: opts.signal,
  });
};

/** What storage answered for a part: its ETag, and the CRC-32 it verified when the PUT carried one. */
export interface StoredPart {
  etag: string;
  checksumCrc32?: string | undefined;
}

/**
 * PUTs one part to its presigned URL and returns the part's ETag. `body` is a stream of exactly `contentLength`
 * bytes (a slice of the file, read on demand). With `contentMd5` (base64) or `checksumCrc32` (base64, the value
 * the URL was signed for) the store verifies the bytes.
 */
export async function uploadPart(
  url: string,
  body: Readable | Uint8Array,
  opts: TransferOptions & {
    contentLength: number;
    contentMd5?: string | undefined;
    checksumCrc32?: string | undefined;
    maxRateBytesPerSecond?: number | undefined;
  },
): Promise<StoredPart> {
  const endpoint = `PUT ${urlPath(url)} (storage)`;
  try {
    const response = await axios.put(url, body, {
      signal: opts.signal,
      maxRedirects: 0,
      // -1 (no limit) rather than Infinity: any limit makes axios pipe the body through one more counting stream.
      maxBodyLength: -1,
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(opts.contentLength),
        ...(opts.contentMd5 ? { 'Content-MD5': opts.contentMd5 } : {}),
        ...(opts.checksumCrc32 ? { 'x-amz-checksum-crc32': opts.checksumCrc32 } : {}),
      },
      onUploadProgress: progressHandler(opts.onProgress),
      ...(opts.maxRateBytesPerSecond ? { maxRate: [opts.maxRateBytesPerSecond, Infinity] } : {}),
      responseType: 'text',
    });
    const etag = response.headers['etag'];
    if (typeof etag !== 'string' || etag === '') {
      throw new ApiError({
        endpoint,
        kind: 'bad-response',
        message: `${endpoint} failed — storage returned no ETag for the part.`,
      });
    }
    const checksum: unknown = response.headers['x-amz-checksum-crc32'];
    return { etag, checksumCrc32: typeof checksum === 'string' ? checksum : undefined };
  } catch (error) {
    if (isAxiosError(error) && error.response && typeof error.response.data !== 'string') {
      error.response.data = await readErrorBody(error.response.data).catch(() => '');
    }
    throw toApiError(error, endpoint);
  }
}
