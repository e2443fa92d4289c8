import { BlobStore } from './blobs.js';
import type { StoreContext } from './context.js';
import { StoreLayout } from './layout.js';
import { MultipartUploads } from './multipart.js';
import { DEFAULT_CONTENT_TYPE } from './object-headers.js';
import { clampRange, ObjectCatalog } from './objects.js';
import { Presigner } from './presign.js';
import { createRequestHandler } from './request-handler.js';
import { SigV4Verifier } from './sigv4-verify.js';
import type { S3Store, S3StoreOptions } from './types.js';

export { S3StoreError } from './errors.js';
export type {
  PresignGetOptions,
  PresignPostOptions,
  S3Store,
  S3StoreOptions,
  StoredObject,
} from './types.js';

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
  await blobs.collectGarbage(
    new Set([...catalog.referencedBlobs(), ...uploads.blobsReferencedAtLoad]),
    now(),
  );

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
  const requests = createRequestHandler(context, options.onInternalError);

  return {
    bucket: options.bucket,

    handle: (req, res) => requests.handle(req, res),

    presignPost: (key, opts) => presigner.presignPost(key, opts),

    presignGetObject: (key, opts) => presigner.presignGetObject(key, opts),

    async createMultipartUpload(key, contentType) {
      const upload = await uploads.create(key, contentType ?? DEFAULT_CONTENT_TYPE, {});
      return { uploadId: upload.uploadId };
    },

    presignUploadPart: (key, uploadId, partNumber, expiresSeconds, checksumCrc32) =>
      presigner.presignUploadPart(key, uploadId, partNumber, expiresSeconds, checksumCrc32),

    async listParts(key, uploadId) {
      const parts = await uploads.listParts(uploadId, key);
      return parts.map((part) => ({
        PartNumber: part.partNumber,
        Size: part.size,
        ETag: `"${part.md5}"`,
        ...(part.crc32 ? { ChecksumCRC32: part.crc32 } : {}),
      }));
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
      await catalog.assertBytesPresent(manifest);
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
      await requests.close();
      presigner.destroy();
    },
  };
}
