import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import axios from 'axios';
import type { PresignedPost } from '../../src-shared/api/index.js';
import { urlPath } from '../shared/redact.js';
import { toApiError } from './to-api-error.js';
import { progressHandler, type TransferOptions } from './transfer-progress.js';

/**
 * Uploads a file with the presigned POST returned by `POST /Images` (its `response`): exactly the returned fields,
 * in order, then the file last — S3 rejects fields no policy condition covers and ignores fields after the file.
 * The file is streamed from disk (a file-backed Blob), never read into memory. No bearer token is sent: S3 is
 * a different service and must not see it.
 */
export async function uploadByPresignedPost(
  presigned: PresignedPost,
  filePath: string,
  opts: TransferOptions & { fileName?: string; maxRateBytesPerSecond?: number } = {},
): Promise<void> {
  const { url, ...fields } = presigned;
  const endpoint = `POST ${urlPath(url)} (storage)`;
  const size = (await stat(filePath)).size;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', await openAsBlob(filePath), opts.fileName ?? path.basename(filePath));
  try {
    await axios.post(url, form, {
      signal: opts.signal,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: 1024 * 1024,
      onUploadProgress: progressHandler(
        opts.onProgress && ((loaded) => opts.onProgress?.(Math.min(loaded, size), size)),
      ),
      ...(opts.maxRateBytesPerSecond ? { maxRate: [opts.maxRateBytesPerSecond, Infinity] } : {}),
      responseType: 'text',
    });
  } catch (error) {
    throw toApiError(error, endpoint);
  }
}
