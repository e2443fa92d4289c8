import { rename } from 'node:fs/promises';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { BlobStore } from './blobs.js';
import { s3Errors } from './errors.js';
import { readJsonRecord, removeFileQuietly, writeJsonAtomic } from './fs-utils.js';
import { KeyedLock } from './keyed-lock.js';
import type { StoreLayout } from './layout.js';
import { openObjectStream, type ByteRange } from './object-stream.js';
import type { StoredObject } from './types.js';

const manifestSchema = z.object({
  key: z.string(),
  size: z.number().int().nonnegative(),
  etag: z.string(),
  contentType: z.string(),
  lastModified: z.string(),
  metadata: z.record(z.string(), z.string()),
  /** The object's bytes are these blobs concatenated: one for PUT/POST, one per part for multipart. */
  parts: z.array(
    z.object({ blob: z.string().regex(/^[0-9a-f]{32}$/), size: z.number().int().nonnegative() }),
  ),
});

export type ObjectManifest = z.infer<typeof manifestSchema>;

/** Loading many manifests at once would open as many files; batches keep descriptors bounded. */
const LOAD_BATCH = 64;

/**
 * The bucket's objects. Manifests on disk are the truth; an in-memory index of them (rebuilt at startup)
 * makes HEAD and listing cheap. Committing a manifest (atomic rename) is what makes an object visible.
 */
export class ObjectCatalog {
  private readonly index = new Map<string, ObjectManifest>();
  private sortedKeysCache: string[] | undefined;
  private readonly keyLock = new KeyedLock();

  private constructor(
    private readonly layout: StoreLayout,
    private readonly blobs: BlobStore,
  ) {}

  static async load(layout: StoreLayout, blobs: BlobStore): Promise<ObjectCatalog> {
    const catalog = new ObjectCatalog(layout, blobs);
    const paths = await layout.listManifestPaths();
    for (let i = 0; i < paths.length; i += LOAD_BATCH) {
      const batch = paths.slice(i, i + LOAD_BATCH);
      const manifests = await Promise.all(batch.map((path) => readJsonRecord(path, manifestSchema)));
      manifests.forEach((manifest, j) => {
        // A manifest must sit at its key's path; anything else is debris and is ignored.
        if (manifest && layout.manifestPath(manifest.key).endsWith(basename(batch[j] ?? ''))) {
          catalog.index.set(manifest.key, manifest);
        }
      });
    }
    return catalog;
  }

  get(key: string): ObjectManifest | undefined {
    return this.index.get(key);
  }

  describe(key: string): StoredObject | null {
    const manifest = this.index.get(key);
    return manifest ? describeManifest(manifest) : null;
  }

  /** Keys in S3 order (UTF-8 byte order), for listings. */
  sortedKeys(): readonly string[] {
    this.sortedKeysCache ??= [...this.index.keys()].sort(compareKeys);
    return this.sortedKeysCache;
  }

  blobsOf(key: string): Set<string> {
    return new Set(this.index.get(key)?.parts.map((part) => part.blob) ?? []);
  }

  referencedBlobs(): Set<string> {
    const live = new Set<string>();
    for (const manifest of this.index.values()) for (const part of manifest.parts) live.add(part.blob);
    return live;
  }

  /** Makes `manifest` the key's current object (replacing any old one atomically) and frees the old blobs. */
  async commit(manifest: ObjectManifest): Promise<void> {
    await this.keyLock.run(manifest.key, async () => {
      await writeJsonAtomic(this.layout, this.layout.manifestPath(manifest.key), manifest);
      const previous = this.index.get(manifest.key);
      this.index.set(manifest.key, manifest);
      this.sortedKeysCache = previous ? this.sortedKeysCache : undefined;
      if (previous) {
        const kept = new Set(manifest.parts.map((part) => part.blob));
        await this.blobs.discard(previous.parts.map((part) => part.blob).filter((blob) => !kept.has(blob)));
      }
    });
  }

  /** Idempotent. */
  async remove(key: string): Promise<void> {
    await this.keyLock.run(key, async () => {
      const previous = this.index.get(key);
      if (!previous) return;
      // Rename first so a crash mid-way cannot leave a manifest pointing at deleted blobs.
      const doomed = this.layout.tmpPath();
      await rename(this.layout.manifestPath(key), doomed);
      this.index.delete(key);
      this.sortedKeysCache = undefined;
      await removeFileQuietly(doomed);
      await this.blobs.discard(previous.parts.map((part) => part.blob));
    });
  }

  /**
   * Throws InternalError naming the first part whose blob is missing or not its recorded size. Called before
   * any header is sent, so a damaged object is refused outright instead of served short under a full
   * Content-Length (which a client checking only HEAD size and ETag could not tell from the real thing).
   */
  async assertBytesPresent(manifest: ObjectManifest): Promise<void> {
    const sizes = await Promise.all(manifest.parts.map((part) => this.blobs.sizeOnDisk(part.blob)));
    manifest.parts.forEach((part, i) => {
      const onDisk = sizes[i];
      if (onDisk === part.size) return;
      const which = `part ${i + 1} of ${manifest.parts.length} of ${JSON.stringify(manifest.key)} (blob ${part.blob})`;
      throw s3Errors.storedBytesLost(
        onDisk === undefined
          ? `${which} is missing from the store`
          : `${which} holds ${onDisk} of its ${part.size} bytes`,
      );
    });
  }

  /** Streams the whole object or an inclusive range (already validated against its size). */
  open(manifest: ObjectManifest, range?: ByteRange): Readable {
    if (manifest.size === 0) return Readable.from([]);
    return openObjectStream(this.blobs, manifest, range ?? { start: 0, end: manifest.size - 1 });
  }
}

export function describeManifest(manifest: ObjectManifest): StoredObject {
  return {
    key: manifest.key,
    size: manifest.size,
    etag: manifest.etag,
    contentType: manifest.contentType,
    lastModified: new Date(manifest.lastModified),
  };
}

/** ETag of a single-upload object: quoted MD5 hex. */
export function singlePartEtag(md5: Buffer): string {
  return `"${md5.toString('hex')}"`;
}

/** ETag of a multipart object: quoted MD5 of the concatenated binary part MD5s, then `-<part count>`. */
export function multipartEtag(partMd5Hexes: readonly string[]): string {
  const hash = createHash('md5');
  for (const hex of partMd5Hexes) hash.update(Buffer.from(hex, 'hex'));
  return `"${hash.digest('hex')}-${partMd5Hexes.length}"`;
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Validates an inclusive range against an object size (InvalidRange when unsatisfiable) and clamps its end. */
export function clampRange(range: ByteRange, size: number): ByteRange {
  if (
    !Number.isInteger(range.start) ||
    !Number.isInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    throw s3Errors.invalidRange();
  }
  if (range.start >= size) throw s3Errors.invalidRange();
  return { start: range.start, end: Math.min(range.end, size - 1) };
}
