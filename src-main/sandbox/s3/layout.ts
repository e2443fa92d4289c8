import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Ids we generate: 32 lowercase hex characters. Anything else coming from a client is rejected before it reaches a path. */
const ID_PATTERN = /^[0-9a-f]{32}$/;

export function newId(): string {
  return randomBytes(16).toString('hex');
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * Where things live under the store directory:
 * - `blobs/<id>`: raw bytes of a PUT/POST body or of one multipart part; never modified once written.
 * - `objects/<sha256(key)>.json`: an object's manifest (metadata + the blobs it is made of, in order).
 * - `uploads/<uploadId>/upload.json` and `part-<n>.json`: multipart uploads in progress.
 * - `tmp/`: half-written manifests/records, renamed into place when complete.
 * Keys are hashed for file names so any key (slashes, `..`, unicode, 1024 bytes) is safe.
 */
export class StoreLayout {
  readonly blobsDir: string;
  readonly objectsDir: string;
  readonly uploadsDir: string;
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.blobsDir = join(root, 'blobs');
    this.objectsDir = join(root, 'objects');
    this.uploadsDir = join(root, 'uploads');
    this.tmpDir = join(root, 'tmp');
  }

  /** Creates the directories and drops leftovers of writes interrupted by a previous crash. */
  async prepare(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await Promise.all(
      [this.blobsDir, this.objectsDir, this.uploadsDir, this.tmpDir].map((dir) =>
        mkdir(dir, { recursive: true }),
      ),
    );
  }

  blobPath(blobId: string): string {
    return join(this.blobsDir, assertId(blobId));
  }

  manifestPath(key: string): string {
    return join(this.objectsDir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  uploadDir(uploadId: string): string {
    return join(this.uploadsDir, assertId(uploadId));
  }

  uploadRecordPath(uploadId: string): string {
    return join(this.uploadDir(uploadId), 'upload.json');
  }

  partRecordPath(uploadId: string, partNumber: number): string {
    return join(this.uploadDir(uploadId), `part-${String(partNumber).padStart(5, '0')}.json`);
  }

  isPartRecordName(fileName: string): boolean {
    return /^part-\d{5}\.json$/.test(fileName);
  }

  tmpPath(): string {
    return join(this.tmpDir, newId());
  }

  async listManifestPaths(): Promise<string[]> {
    const names = await readdir(this.objectsDir);
    return names.filter((name) => name.endsWith('.json')).map((name) => join(this.objectsDir, name));
  }

  async listUploadIds(): Promise<string[]> {
    const names = await readdir(this.uploadsDir);
    return names.filter(isId);
  }

  async listBlobIds(): Promise<string[]> {
    const names = await readdir(this.blobsDir);
    return names.filter(isId);
  }
}

function assertId(id: string): string {
  if (!isId(id)) throw new Error('invalid store id');
  return id;
}
