import type { S3Store } from './s3/index.js';
import type { ImagesRepo } from './db/images-repo.js';
import type { LogsRepo } from './db/logs-repo.js';
import type { UsersRepo } from './db/users-repo.js';
import type { Dialect } from './dialects.js';
import type { ProcessingSimulator } from './pipeline.js';
import type { PredictionSimulator } from './prediction.js';

/** What every route module of the sandbox works with. */
export interface SandboxContext {
  images: ImagesRepo;
  logs: LogsRepo;
  users: UsersRepo;
  store: S3Store;
  processing: ProcessingSimulator;
  prediction: PredictionSimulator;
  /** Base URL of the API as it listens now, e.g. http://127.0.0.1:41234. */
  apiBase: () => string;
  presignTtlSeconds: number;
  /** Files served under each image's base_raw_download_url. */
  rawDir: string;
  /** The active dialects (see dialects.ts); empty for the default behaviour. */
  dialects: ReadonlySet<Dialect>;
}
