import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { BlobStore } from './blobs.js';
import { writeBodyToFile, type BodyChecks } from './body-writer.js';
import { isS3StoreError, s3Errors } from './errors.js';
import { isNotFound, readJsonRecord, removeDirQuietly, writeJsonAtomic } from './fs-utils.js';
import { KeyedLock } from './keyed-lock.js';
import { isId, newId, type StoreLayout } from './layout.js';
import { composeCrc32, crc32FromBase64, crc32ToBase64 } from '../../shared/crc32.js';
import { multipartEtag, type ObjectCatalog, type ObjectManifest } from './objects.js';

/** S3's limits: every part but the last must be at least 5 MiB; part numbers run 1..10000. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

const uploadSchema = z.object({
  uploadId: z.string(),
  key: z.string(),
  contentType: z.string(),
  metadata: z.record(z.string(), z.string()),
  initiated: z.string(),
});
export type UploadRecord = z.infer<typeof uploadSchema>;

const partSchema = z.object({
  partNumber: z.number().int().min(1).max(MAX_PART_NUMBER),
  blob: z.string().regex(/^[0-9a-f]{32}$/),
  size: z.number().int().nonnegative(),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
  /** Base64 CRC-32 the part was sent with and verified against (x-amz-checksum-crc32), if any. */
  crc32: z.string().optional(),
  lastModified: z.string(),
});
export type PartRecord = z.infer<typeof partSchema>;

export interface CompletedUpload {
  etag: string;
  size: number;
  /** Base64 CRC-32 of the whole object, composed from the parts' when every part carried one. */
  checksumCrc32?: string;
}

/**
 * Multipart uploads in progress. Each part is its own blob plus a small record file, so parts survive a
 * restart; completing commits an object manifest that points at the part blobs (no bytes are copied).
 */
export class MultipartUploads {
  private readonly uploads = new Map<string, UploadRecord>();
  private readonly uploadLock = new KeyedLock();
  /** Blobs of the uploads found at startup, so startup garbage collection keeps them. */
  readonly blobsReferencedAtLoad = new Set<string>();

  private constructor(
    private readonly layout: StoreLayout,
    private readonly blobs: BlobStore,
    private readonly catalog: ObjectCatalog,
    private readonly now: () => Date,
  ) {}

  static async load(
    layout: StoreLayout,
    blobs: BlobStore,
    catalog: ObjectCatalog,
    now: () => Date,
  ): Promise<MultipartUploads> {
    const uploads = new MultipartUploads(layout, blobs, catalog, now);
    for (const uploadId of await layout.listUploadIds()) {
      const record = await readJsonRecord(layout.uploadRecordPath(uploadId), uploadSchema);
      const parts = record ? await uploads.readParts(uploadId) : [];
      // An upload whose parts already belong to the object was completed just before a crash.
      const objectBlobs = record ? catalog.blobsOf(record.key) : new Set<string>();
      if (!record || record.uploadId !== uploadId || parts.some((part) => objectBlobs.has(part.blob))) {
        await removeDirQuietly(layout.uploadDir(uploadId));
        continue;
      }
      uploads.uploads.set(uploadId, record);
      for (const part of parts) uploads.blobsReferencedAtLoad.add(part.blob);
    }
    return uploads;
  }

  async create(key: string, contentType: string, metadata: Record<string, string>): Promise<UploadRecord> {
    const record: UploadRecord = {
      uploadId: newId(),
      key,
      contentType,
      metadata,
      initiated: this.now().toISOString(),
    };
    await mkdir(this.layout.uploadDir(record.uploadId), { recursive: true });
    await writeJsonAtomic(this.layout, this.layout.uploadRecordPath(record.uploadId), record);
    this.uploads.set(record.uploadId, record);
    return record;
  }

  /** The upload, which must belong to `key`; NoSuchUpload otherwise (also for ids we never issued). */
  find(uploadId: string, key: string): UploadRecord {
    const record = isId(uploadId) ? this.uploads.get(uploadId) : undefined;
    if (!record || record.key !== key) throw s3Errors.noSuchUpload();
    return record;
  }

  /** Uploads in progress, oldest first. */
  list(): UploadRecord[] {
    return [...this.uploads.values()].sort((a, b) => a.initiated.localeCompare(b.initiated));
  }

  /** Streams a part to its own blob, verified, then records it (replacing an earlier upload of that part number). */
  async uploadPart(
    uploadId: string,
    key: string,
    partNumber: number,
    body: Readable,
    checks: BodyChecks,
  ): Promise<PartRecord> {
    assertPartNumber(partNumber);
    this.find(uploadId, key);
    const blob = this.blobs.newBlobId();
    const written = await writeBodyToFile(body, this.blobs.path(blob), checks);
    const record: PartRecord = {
      partNumber,
      blob,
      size: written.size,
      md5: written.md5.toString('hex'),
      ...(written.crc32 !== undefined ? { crc32: crc32ToBase64(written.crc32) } : {}),
      lastModified: this.now().toISOString(),
    };
    try {
      await this.uploadLock.run(uploadId, async () => {
        this.find(uploadId, key); // aborted or completed while the part was streaming?
        const path = this.layout.partRecordPath(uploadId, partNumber);
        const previous = await readJsonRecord(path, partSchema);
        await writeJsonAtomic(this.layout, path, record);
        if (previous && previous.blob !== blob) await this.discardPartBlobs(key, [previous.blob]);
      });
    } catch (error) {
      await this.blobs.discard([blob]);
      throw error;
    }
    return record;
  }

  async listParts(uploadId: string, key: string): Promise<PartRecord[]> {
    this.find(uploadId, key);
    return this.readParts(uploadId);
  }

  async complete(
    uploadId: string,
    key: string,
    requested: ReadonlyArray<{ partNumber: number; etag: string }>,
  ): Promise<CompletedUpload> {
    return this.uploadLock.run(uploadId, async () => {
      const upload = this.find(uploadId, key);
      const stored = new Map((await this.readParts(uploadId)).map((part) => [part.partNumber, part]));
      const chosen = choosePartsForCompletion(requested, stored);
      const manifest: ObjectManifest = {
        key,
        size: chosen.reduce((sum, part) => sum + part.size, 0),
        etag: multipartEtag(chosen.map((part) => part.md5)),
        contentType: upload.contentType,
        lastModified: this.now().toISOString(),
        metadata: upload.metadata,
        parts: chosen.map((part) => ({ blob: part.blob, size: part.size })),
      };
      await this.catalog.commit(manifest);
      this.uploads.delete(uploadId);
      await removeDirQuietly(this.layout.uploadDir(uploadId));
      const used = new Set(chosen.map((part) => part.blob));
      await this.discardPartBlobs(
        key,
        [...stored.values()].map((part) => part.blob).filter((blob) => !used.has(blob)),
      );
      // S3's full-object CRC-32 of a multipart upload follows from the parts' (no byte is read again).
      const checksummed = chosen.every((part) => part.crc32 !== undefined);
      const checksumCrc32 = checksummed
        ? crc32ToBase64(
            composeCrc32(chosen.map((part) => ({ crc32: crc32FromBase64(part.crc32!), size: part.size }))),
          )
        : undefined;
      return { etag: manifest.etag, size: manifest.size, ...(checksumCrc32 ? { checksumCrc32 } : {}) };
    });
  }

  async abort(uploadId: string, key: string): Promise<void> {
    await this.uploadLock.run(uploadId, async () => {
      this.find(uploadId, key);
      const parts = await this.readParts(uploadId);
      this.uploads.delete(uploadId);
      await removeDirQuietly(this.layout.uploadDir(uploadId));
      await this.discardPartBlobs(
        key,
        parts.map((part) => part.blob),
      );
    });
  }

  async abortAllForKey(key: string): Promise<void> {
    const ids = [...this.uploads.values()]
      .filter((upload) => upload.key === key)
      .map((upload) => upload.uploadId);
    for (const uploadId of ids) {
      try {
        await this.abort(uploadId, key);
      } catch (error) {
        // Completed or aborted concurrently: nothing left to abort.
        if (!(isS3StoreError(error) && error.code === 'NoSuchUpload')) throw error;
      }
    }
  }

  private async readParts(uploadId: string): Promise<PartRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.uploadDir(uploadId));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const records = await Promise.all(
      names
        .filter((name) => this.layout.isPartRecordName(name))
        .map((name) => readJsonRecord(join(this.layout.uploadDir(uploadId), name), partSchema)),
    );
    return records
      .filter((record): record is PartRecord => record !== undefined)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Never deletes a blob the key's current object is made of (guards against stale records after a crash). */
  private async discardPartBlobs(key: string, blobIds: readonly string[]): Promise<void> {
    const inUse = this.catalog.blobsOf(key);
    await this.blobs.discard(blobIds.filter((blob) => !inUse.has(blob)));
  }
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw s3Errors.invalidArgument(
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
    );
  }
}

/** Applies S3's CompleteMultipartUpload rules, in S3's order: part order, then existence/ETag, then sizes. */
function choosePartsForCompletion(
  requested: ReadonlyArray<{ partNumber: number; etag: string }>,
  stored: ReadonlyMap<number, PartRecord>,
): PartRecord[] {
  if (requested.length === 0) throw s3Errors.malformedXml();
  let previousNumber = 0;
  for (const { partNumber } of requested) {
    if (partNumber <= previousNumber) throw s3Errors.invalidPartOrder();
    previousNumber = partNumber;
  }
  const chosen = requested.map(({ partNumber, etag }) => {
    const part = stored.get(partNumber);
    if (!part || normalizeEtag(etag) !== part.md5) throw s3Errors.invalidPart();
    return part;
  });
  if (chosen.slice(0, -1).some((part) => part.size < MIN_PART_SIZE)) throw s3Errors.entityTooSmall();
  return chosen;
}

/** Clients send part ETags quoted, unquoted or XML-escaped; compare bare lowercase hex. */
function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toLowerCase();
}
