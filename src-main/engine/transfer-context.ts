import type { ApiClient } from '../api/index.js';
import type { MultipartCapabilities } from '../../src-shared/api/index.js';
import type { BufferPool } from './buffer-pool.js';
import type { HashWorker } from './hash-worker.js';
import type { JobRow, JobStore } from './job-store.js';
import type { PartsRepo } from './db/parts-repo.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Semaphore } from './semaphore.js';

/** What an uploader needs for one run of one job. */
export interface TransferContext {
  job: JobRow;
  api: ApiClient;
  jobs: JobStore;
  parts: PartsRepo;
  limiter: RateLimiter;
  pool: BufferPool;
  /** Hashes whole files off the main thread. */
  hashWorker: HashWorker;
  /** Parts in flight (and so part buffers in memory), shared by every job of the engine. */
  partSlots: Semaphore;
  /** The server's multipart capabilities document (null: no extension), asked once per engine settings. */
  capabilities: () => Promise<MultipartCapabilities | null>;
  /** Preferred part size (bytes); raised for very large files. */
  partSize: number;
  /** A transfer that moves no byte for this long is aborted and retried. */
  stallMs: number;
  /** Aborts on pause, cancel and shutdown. */
  signal: AbortSignal;
  /** Bytes sent so far for this job, including parts in flight. */
  onProgress: (bytesSent: number) => void;
  notice: (message: string) => void;
}
