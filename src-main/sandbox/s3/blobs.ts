import { stat } from 'node:fs/promises';
import { newId, type StoreLayout } from './layout.js';
import { isNotFound, removeFileQuietly } from './fs-utils.js';

/**
 * How long an unreferenced blob is left alone by the startup clean-up. A blob is written before any record
 * points at it (a part PUT records its part only once the body is complete), so a young unreferenced blob may
 * well be an upload in progress, in this process or one that has not quite finished shutting down.
 */
export const ORPHAN_BLOB_GRACE_MS = 60 * 60 * 1000;

/**
 * Immutable byte files that objects and multipart parts are made of. Readers take a lease on the blobs
 * they stream, so replacing or deleting an object while a GET is running defers the unlink until the
 * GET is done (the reader may not have opened every part yet).
 */
export class BlobStore {
  private readonly leases = new Map<string, number>();
  private readonly doomed = new Set<string>();

  constructor(private readonly layout: StoreLayout) {}

  newBlobId(): string {
    return newId();
  }

  path(blobId: string): string {
    return this.layout.blobPath(blobId);
  }

  /** Keeps the blobs on disk until the returned release function is called (idempotent). */
  lease(blobIds: readonly string[]): () => void {
    for (const id of blobIds) this.leases.set(id, (this.leases.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of blobIds) {
        const remaining = (this.leases.get(id) ?? 1) - 1;
        if (remaining > 0) {
          this.leases.set(id, remaining);
          continue;
        }
        this.leases.delete(id);
        if (this.doomed.delete(id)) void this.unlink(id);
      }
    };
  }

  /** Deletes blobs nobody references any more; leased ones go when their last reader finishes. */
  async discard(blobIds: readonly string[]): Promise<void> {
    const unleased: string[] = [];
    for (const id of blobIds) {
      if (this.leases.has(id)) this.doomed.add(id);
      else unleased.push(id);
    }
    await Promise.all(unleased.map((id) => this.unlink(id)));
  }

  /**
   * Startup clean-up: removes blobs left behind by uploads interrupted by a crash, i.e. blobs no object or
   * open multipart upload references and nobody has written to for `graceMs`. Only safe in the one process
   * that owns the store directory (the sandbox's data-dir lock sees to that).
   */
  async collectGarbage(live: ReadonlySet<string>, now: Date, graceMs = ORPHAN_BLOB_GRACE_MS): Promise<void> {
    const unreferenced = (await this.layout.listBlobIds()).filter((id) => !live.has(id));
    const cutoff = now.getTime() - graceMs;
    await Promise.all(
      unreferenced.map(async (id) => {
        if ((await this.lastWrittenMs(id)) < cutoff) await this.unlink(id);
      }),
    );
  }

  /** Size of a blob on disk; undefined when it is missing. */
  async sizeOnDisk(blobId: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(blobId))).size;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async lastWrittenMs(blobId: string): Promise<number> {
    try {
      return (await stat(this.path(blobId))).mtimeMs;
    } catch {
      return Number.POSITIVE_INFINITY; // already gone (or unreadable): nothing to delete
    }
  }

  private async unlink(blobId: string): Promise<void> {
    try {
      await removeFileQuietly(this.path(blobId));
    } catch {
      // A blob we failed to delete is only wasted space; the next startup's garbage collection retries.
    }
  }
}
