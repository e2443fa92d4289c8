import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

export interface S3StoreOptions {
  /** All data lives under here (created if missing); survives restarts. */
  dir: string;
  /** The one bucket, e.g. 'pathomiq-sandbox'. */
  bucket: string;
  /** e.g. 'us-east-1'. */
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Public base URL, e.g. 'http://127.0.0.1:41234' (known only after listen). */
  endpoint: () => string;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * Told about unexpected failures (answered as 500 InternalError). Receives the error only, never
   * request headers, so no secret can leak through it.
   */
  onInternalError?: (error: unknown) => void;
}

export interface StoredObject {
  key: string;
  size: number;
  /** With quotes, like S3. */
  etag: string;
  contentType: string;
  lastModified: Date;
}

export interface PresignPostOptions {
  expiresSeconds: number;
  /** Adds a content-length-range condition 0..maxBytes. */
  maxBytes?: number;
  /** 'v4' (default): x-amz-* fields via createPresignedPost; 'v2': the API document's AWSAccessKeyId/signature form. */
  signatureVersion?: 'v2' | 'v4';
}

export interface PresignGetOptions {
  expiresSeconds: number;
  /** Base URL to sign for when not the store's own endpoint (e.g. the same port under another host name). */
  endpoint?: string;
  /** Signed into the URL as response-content-disposition: the download keeps the file's name. */
  responseContentDisposition?: string;
}

export interface S3Store {
  readonly bucket: string;
  /** Handle an S3 REST request (path-style `/<bucket>[/<key>]`). Returns false, writing nothing, if the path is not this bucket. Never throws: every failure is an S3-style XML error response. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Presigned POST for one key (what POST /Images returns in `response`): { url, fields }; conditions: bucket and key (+ optional content-length-range). */
  presignPost(
    key: string,
    opts: PresignPostOptions,
  ): Promise<{ url: string; fields: Record<string, string> }>;
  /** Presigned GetObject URL (SigV4 query auth, via getSignedUrl + GetObjectCommand). */
  presignGetObject(key: string, opts: PresignGetOptions): Promise<string>;
  createMultipartUpload(key: string, contentType?: string): Promise<{ uploadId: string }>;
  /** Presigned UploadPart URL (SigV4 query auth, via getSignedUrl + UploadPartCommand). */
  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
    /** Base64 CRC-32 the URL is signed for: the PUT must carry it as a signed `x-amz-checksum-crc32`. */
    checksumCrc32?: string,
  ): Promise<string>;
  /** Throws S3StoreError NoSuchUpload. */
  listParts(
    key: string,
    uploadId: string,
  ): Promise<Array<{ PartNumber: number; Size: number; ETag: string; ChecksumCRC32?: string }>>;
  /** S3 rules: ascending part numbers, ETags must match, every part but the last >= 5 MiB (InvalidPart, InvalidPartOrder, EntityTooSmall). */
  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: Array<{ PartNumber: number; ETag: string }>,
  ): Promise<{ etag: string; size: number; checksumCrc32?: string }>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  headObject(key: string): Promise<StoredObject | null>;
  /** Read an object, whole or an inclusive byte range. */
  openObject(
    key: string,
    range?: { start: number; end: number },
  ): Promise<{ object: StoredObject; stream: Readable } | null>;
  /** Delete an object and abort any multipart uploads of that key. Idempotent. */
  deleteObject(key: string): Promise<void>;
  close(): Promise<void>;
}
