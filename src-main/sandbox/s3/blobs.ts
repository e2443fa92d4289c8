import { newId, type StoreLayout } from './layout.js';
import { removeFileQuietly } from './fs-utils.js';

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

  /** Startup clean-up: removes blobs left behind by uploads interrupted by a crash. */
  async collectGarbage(live: ReadonlySet<string>): Promise<void> {
    const orphans = (await this.layout.listBlobIds()).filter((id) => !live.has(id));
    await Promise.all(orphans.map((id) => this.unlink(id)));
  }

  private async unlink(blobId: string): Promise<void> {
    try {
      await removeFileQuietly(this.path(blobId));
    } catch {
      // A blob we failed to delete is only wasted space; the next startup's garbage collection retries.
    }
  }
}
