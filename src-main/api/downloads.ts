import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAxiosError } from 'axios';
import type { ImageRecord } from '../../src-shared/api/index.js';
import { ApiError } from './api-error.js';
import type { ApiHttp } from './http.js';
import { getFollowingRedirects } from './redirects.js';
import { describe, toApiError } from './to-api-error.js';
import { readErrorBody, type TransferOptions } from './transfer-progress.js';

export interface ImageStream {
  stream: Readable;
  /** Bytes this response carries. */
  length: number | undefined;
  /** HTTP 206 when a range was served. */
  status: number;
  etag: string | undefined;
  /** e.g. "bytes 0-0/1048576" for a range request. */
  contentRange: string | undefined;
}

/** Error responses of streamed calls arrive as streams; read their message before translating. */
async function streamError(error: unknown, endpoint: string): Promise<ApiError> {
  if (isAxiosError(error) && error.response) {
    error.response.data = await readErrorBody(error.response.data).catch(() => '');
  }
  return toApiError(error, endpoint);
}

/**
 * GET S3/file/:image_unique_id as a stream; `range` is inclusive, as in HTTP. A redirect (commonly to a presigned
 * S3 URL) is followed, and the range goes along.
 */
export async function openImageDownload(
  http: ApiHttp,
  imageUniqueId: string,
  opts: { signal?: AbortSignal | undefined; range?: { start: number; end?: number } } = {},
): Promise<ImageStream> {
  const path = `/S3/file/${encodeURIComponent(imageUniqueId)}`;
  const range: Record<string, string> = opts.range
    ? { Range: `bytes=${opts.range.start}-${opts.range.end ?? ''}` }
    : {};
  try {
    const response = await getFollowingRedirects<Readable>(http, path, {
      responseType: 'stream',
      signal: opts.signal,
      timeout: 0,
      headers: range,
      'axios-retry': { retries: 0 },
    });
    const length = Number(response.headers['content-length']);
    return {
      stream: response.data,
      length: Number.isFinite(length) ? length : undefined,
      status: response.status,
      etag: typeof response.headers['etag'] === 'string' ? response.headers['etag'] : undefined,
      contentRange:
        typeof response.headers['content-range'] === 'string' ? response.headers['content-range'] : undefined,
    };
  } catch (error) {
    throw await streamError(error, `GET ${path}`);
  }
}

/** Downloads an image to `destination` (written to a .part file and renamed, so a failure leaves no half file). */
export async function downloadImageToFile(
  http: ApiHttp,
  imageUniqueId: string,
  destination: string,
  opts: TransferOptions = {},
): Promise<{ bytes: number }> {
  const { stream, length } = await openImageDownload(http, imageUniqueId, { signal: opts.signal });
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    opts.onProgress?.(bytes, length);
  });
  const partial = `${destination}.part`;
  try {
    await pipeline(stream, createWriteStream(partial), { signal: opts.signal });
    if (length !== undefined && bytes !== length) {
      throw new ApiError({
        endpoint: `GET /S3/file/${imageUniqueId}`,
        kind: 'network',
        message: describe(
          'network',
          `GET /S3/file/${imageUniqueId}`,
          undefined,
          `the download stopped after ${bytes} of ${length} bytes`,
        ),
      });
    }
    await rename(partial, destination);
    return { bytes };
  } catch (error) {
    await rm(partial, { force: true });
    throw error instanceof ApiError ? error : toApiError(error, `GET /S3/file/${imageUniqueId}`);
  }
}

export const predictionXmlUrl = (
  image: Pick<ImageRecord, 'base_raw_download_url' | 'image_unique_id'>,
): string | undefined =>
  image.base_raw_download_url
    ? `${image.base_raw_download_url.replace(/\/+$/, '')}/${image.image_unique_id}_complete_net_prediction.xml`
    : undefined;

/**
 * Fetches `<base_raw_download_url>/<image_unique_id>_complete_net_prediction.xml` as text. The base may be absolute
 * (on S3 or another host) or relative to the API; the bearer token is only sent to the API's own origin, and
 * redirects are followed.
 */
export async function downloadPredictionXml(
  http: ApiHttp,
  image: Pick<ImageRecord, 'base_raw_download_url' | 'image_unique_id'>,
  opts: { signal?: AbortSignal | undefined } = {},
): Promise<string> {
  const url = predictionXmlUrl(image);
  const endpoint = `GET ${image.image_unique_id}_complete_net_prediction.xml`;
  if (!url) {
    throw new ApiError({
      endpoint,
      kind: 'not-ready',
      message: `${endpoint} failed — the image has no download location yet.`,
    });
  }
  try {
    const response = await getFollowingRedirects<string>(http, url, {
      responseType: 'text',
      signal: opts.signal,
      transformResponse: (body: string) => body,
    });
    return response.data;
  } catch (error) {
    const apiError = toApiError(error, endpoint);
    if (apiError.kind === 'not-found') {
      throw new ApiError({
        endpoint,
        kind: 'not-ready',
        status: 404,
        serverMessage: apiError.serverMessage,
        message: `${endpoint} failed — there is no prediction result for this image yet.`,
      });
    }
    throw apiError;
  }
}
