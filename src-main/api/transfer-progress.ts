import type { AxiosProgressEvent } from 'axios';

export interface TransferOptions {
  signal?: AbortSignal | undefined;
  /** Bytes moved so far, and the total when known. */
  onProgress?: ((loaded: number, total: number | undefined) => void) | undefined;
}

export const progressHandler = (onProgress: TransferOptions['onProgress']) =>
  onProgress ? (event: AxiosProgressEvent) => onProgress(event.loaded, event.total) : undefined;

/** Reads at most `limit` bytes of an error response stream, so its S3/JSON message can be shown. */
export async function readErrorBody(stream: unknown, limit = 16 * 1024): Promise<string> {
  if (!stream || typeof (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
