import type { JobView } from '../../src-shared/engine/index.js';

/** Jobs per bucket: an edit copies the buckets it writes, so one changed job costs this many entries, not the queue. */
const BUCKET = 32;

const bucketOf = (id: number): number => Math.floor(id / BUCKET);

/**
 * The queue's jobs by id, immutable: every change makes a new table (so zustand selectors see it), but one that
 * shares every bucket it did not write. Changing a few jobs of 10,000 copies a few small buckets and the bucket
 * index, not 10,000 keys (what spreading a record did on every event).
 */
export class JobTable {
  static readonly empty = new JobTable(new Map(), 0);

  private cachedValues: readonly JobView[] | undefined;

  private constructor(
    private readonly buckets: ReadonlyMap<number, ReadonlyMap<number, JobView>>,
    readonly size: number,
  ) {}

  static from(jobs: Iterable<JobView>): JobTable {
    const draft = JobTable.empty.edit();
    for (const job of jobs) draft.set(job);
    return draft.done();
  }

  get(id: number): JobView | undefined {
    return this.buckets.get(bucketOf(id))?.get(id);
  }

  has(id: number): boolean {
    return this.buckets.get(bucketOf(id))?.has(id) ?? false;
  }

  /** Every job (in no particular order), made once per table: tables never change. */
  values(): readonly JobView[] {
    if (!this.cachedValues) {
      const values: JobView[] = [];
      for (const bucket of this.buckets.values()) for (const job of bucket.values()) values.push(job);
      this.cachedValues = values;
    }
    return this.cachedValues;
  }

  /** A draft to change; `done()` makes the new table, this one stays as it was. */
  edit(): JobTableDraft {
    return new JobTableDraft(this.buckets, this.size, () => this);
  }

  /** @internal: for the draft only. */
  static make(buckets: ReadonlyMap<number, ReadonlyMap<number, JobView>>, size: number): JobTable {
    return new JobTable(buckets, size);
  }
}

/** Changes to a table, copy-on-write: the bucket index and each bucket are copied at most once per draft. */
export class JobTableDraft {
  private buckets: Map<number, ReadonlyMap<number, JobView>> | null = null;
  private readonly copied = new Set<number>();
  private count: number;

  constructor(
    private readonly base: ReadonlyMap<number, ReadonlyMap<number, JobView>>,
    size: number,
    private readonly unchanged: () => JobTable,
  ) {
    this.count = size;
  }

  private current(): ReadonlyMap<number, ReadonlyMap<number, JobView>> {
    return this.buckets ?? this.base;
  }

  get(id: number): JobView | undefined {
    return this.current().get(bucketOf(id))?.get(id);
  }

  has(id: number): boolean {
    return this.current().get(bucketOf(id))?.has(id) ?? false;
  }

  private writable(bucketId: number): Map<number, JobView> {
    this.buckets ??= new Map(this.base);
    const bucket = this.buckets.get(bucketId);
    if (bucket && this.copied.has(bucketId)) return bucket as Map<number, JobView>;
    const copy = new Map(bucket);
    this.buckets.set(bucketId, copy);
    this.copied.add(bucketId);
    return copy;
  }

  set(job: JobView): void {
    const bucket = this.writable(bucketOf(job.id));
    if (!bucket.has(job.id)) this.count += 1;
    bucket.set(job.id, job);
  }

  delete(id: number): boolean {
    if (!this.has(id)) return false;
    const bucketId = bucketOf(id);
    const bucket = this.writable(bucketId);
    bucket.delete(id);
    if (bucket.size === 0) this.buckets!.delete(bucketId);
    this.count -= 1;
    return true;
  }

  /** The new table (the old one itself when nothing was written). */
  done(): JobTable {
    return this.buckets ? JobTable.make(this.buckets, this.count) : this.unchanged();
  }
}
