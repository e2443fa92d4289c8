import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlobStore } from './blobs.js';
import type { StoreContext } from './context.js';
import { isS3StoreError, s3Errors, S3StoreError } from './errors.js';
import { StoreLayout } from './layout.js';
import { MultipartUploads } from './multipart.js';
import { DEFAULT_CONTENT_TYPE } from './object-headers.js';
import { clampRange, ObjectCatalog } from './objects.js';
import { Presigner } from './presign.js';
import { isBucketPath, parseRequestTarget } from './request-target.js';
import { newRequestId, sendError } from './responses.js';
import { routeRequest } from './routes.js';
import { SigV4Verifier } from './sigv4-verify.js';
import type { S3Store, S3StoreOptions } from './types.js';

export { S3StoreError } from './errors.js';
export type { S3Store, S3StoreOptions, StoredObject } from './types.js';

/**
 * An S3-compatible store for one bucket, kept on local disk, that verifies what real S3 verifies: SigV4
 * header and presigned-query signatures, POST policies (V2 and V4), Content-MD5 and signed payload hashes.
 */
export async function createS3Store(options: S3StoreOptions): Promise<S3Store> {
  const now = options.now ?? (() => new Date());
  const layout = new StoreLayout(options.dir);
  await layout.prepare();
  const blobs = new BlobStore(layout);
  const catalog = await ObjectCatalog.load(layout, blobs);
  const uploads = await MultipartUploads.load(layout, blobs, catalog, now);
  await blobs.collectGarbage(new Set([...catalog.referencedBlobs(), ...uploads.blobsReferencedAtLoad]));

  const context: StoreContext = {
    bucket: options.bucket,
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoint,
    now,
    layout,
    blobs,
    catalog,
    uploads,
    verifier: new SigV4Verifier({ credentials: options.credentials, region: options.region, now }),
  };
  const presigner = new Presigner({ ...options, now });
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    // The resource in error documents is the path only: the query may hold a signature.
    const resource = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (closed) throw new S3StoreError('ServiceUnavailable', 'The store is shutting down.', 503);
      await routeRequest(context, req, res, parseRequestTarget(req.url ?? '/', options.bucket));
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy(); // mid-body failure (often the client leaving): all we can do is cut the connection
        return;
      }
      const failure = isS3StoreError(error) ? error : s3Errors.internal();
      if (!isS3StoreError(error)) reportInternalError(options, error);
      sendError(res, failure, resource, requestId, req.method === 'HEAD', failure.headers);
    }
  };

  return {
    bucket: options.bucket,

    async handle(req, res) {
      if (!isBucketPath(req.url ?? '/', options.bucket)) return false;
      const requestId = newRequestId();
      res.setHeader('x-amz-request-id', requestId);
      const work = serve(req, res, requestId);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
      return true;
    },

    presignPost: (key, opts) => presigner.presignPost(key, opts),

    async createMultipartUpload(key, contentType) {
      const upload = await uploads.create(key, contentType ?? DEFAULT_CONTENT_TYPE, {});
      return { uploadId: upload.uploadId };
    },

    presignUploadPart: (key, uploadId, partNumber, expiresSeconds) =>
      presigner.presignUploadPart(key, uploadId, partNumber, expiresSeconds),

    async listParts(key, uploadId) {
      const parts = await uploads.listParts(uploadId, key);
      return parts.map((part) => ({ PartNumber: part.partNumber, Size: part.size, ETag: `"${part.md5}"` }));
    },

    completeMultipartUpload: (key, uploadId, parts) =>
      uploads.complete(
        uploadId,
        key,
        parts.map((part) => ({ partNumber: part.PartNumber, etag: part.ETag })),
      ),

    abortMultipartUpload: (key, uploadId) => uploads.abort(uploadId, key),

    headObject: async (key) => catalog.describe(key),

    async openObject(key, range) {
      const manifest = catalog.get(key);
      if (!manifest) return null;
      const object = catalog.describe(key);
      if (!object) return null;
      const clamped = range ? clampRange(range, manifest.size) : undefined;
      return { object, stream: catalog.open(manifest, clamped) };
    },

    async deleteObject(key) {
      await uploads.abortAllForKey(key);
      await catalog.remove(key);
    },

    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      presigner.destroy();
    },
  };
}

function reportInternalError(options: S3StoreOptions, error: unknown): void {
  try {
    options.onInternalError?.(error);
  } catch {
    // A failing reporter must not turn into a crash of the request handler.
  }
}
