import type { BlobStore } from './blobs.js';
import type { StoreLayout } from './layout.js';
import type { MultipartUploads } from './multipart.js';
import type { ObjectCatalog } from './objects.js';
import type { SigV4Verifier } from './sigv4-verify.js';

/** Everything a request handler needs, wired once by createS3Store. */
export interface StoreContext {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoint: () => string;
  now: () => Date;
  layout: StoreLayout;
  blobs: BlobStore;
  catalog: ObjectCatalog;
  uploads: MultipartUploads;
  verifier: SigV4Verifier;
}
