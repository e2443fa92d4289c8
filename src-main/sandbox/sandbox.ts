import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from '../shared/sqlite.js';
import { buildApp } from './app.js';
import type { SandboxContext } from './context.js';
import { ImagesRepo } from './db/images-repo.js';
import { LogsRepo } from './db/logs-repo.js';
import { sandboxMigrations } from './db/migrations.js';
import { BUILT_IN_USERS, UsersRepo } from './db/users-repo.js';
import { seedDemo } from './demo.js';
import { parseDialects, type Dialect } from './dialects.js';
import { ProcessingSimulator } from './pipeline.js';
import { PredictionSimulator } from './prediction.js';
import { createS3Store } from './s3/index.js';

// The AWS SDK warns on every start under Node 20 about its 2027 support plans; the packaged app runs Electron's
// newer Node, and the warning only alarms CLI users. Set the variable to "false" to see it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export interface SandboxOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string | undefined;
  demo?: boolean;
  /** Lifetime of presigned POSTs and part URLs (default one hour, as the real backend). */
  presignTtlSeconds?: number;
  /** Pipeline simulation speed-up factor (default 1). */
  speed?: number;
  /**
   * The base URL clients reach the sandbox at, when that is not where it listens (a proxy in front of it, as the
   * fault-injection tests use). Presigned URLs are signed for this host, so the proxy must keep the Host header.
   */
  publicUrl?: string | undefined;
  /** Offer the S3 multipart extension (default true); false is the no-multipart dialect. */
  multipart?: boolean;
  /** Behaviours of real servers where the API document is silent (see dialects.ts); none by default. */
  dialects?: readonly Dialect[];
}

export interface RunningSandbox {
  /** Where clients reach the API (the public URL when one is set). */
  api: string;
  s3: string;
  /** Where the sandbox itself listens. */
  listening: string;
  bucket: string;
  /** The active dialects (including no-multipart when `multipart: false`). */
  dialects: Dialect[];
  close(): Promise<void>;
}

/** Fixed, documented sandbox credentials: the sandbox is a local test double, never a place for real data. */
export const SANDBOX_BUCKET = 'pathomiq-sandbox';
export const SANDBOX_CREDENTIALS = {
  accessKeyId: 'SANDBOXACCESSKEY0001',
  secretAccessKey: 'sandbox-secret-key-not-for-production',
};

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  // Validated again here: programmatic callers could pass two mutually exclusive dialects.
  const dialects = new Set(parseDialects((options.dialects ?? []).join(',')));
  if (options.multipart === false) dialects.add('no-multipart');
  const dataDir = path.resolve(options.dataDir);
  const rawDir = path.join(dataDir, 'raw');
  await mkdir(rawDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, 'sandbox.sqlite'), sandboxMigrations);
  const images = new ImagesRepo(db);
  const logs = new LogsRepo(db);
  const users = new UsersRepo(db);
  users.ensure(BUILT_IN_USERS);
  const speed = options.speed ?? 1;

  let base = '';
  const store = await createS3Store({
    dir: path.join(dataDir, 's3'),
    bucket: SANDBOX_BUCKET,
    region: 'us-east-1',
    credentials: SANDBOX_CREDENTIALS,
    endpoint: () => base,
  });
  const ctx: SandboxContext = {
    images,
    logs,
    users,
    store,
    processing: new ProcessingSimulator({ images, logs, speed }),
    prediction: new PredictionSimulator({ images, logs, speed, rawDir }),
    apiBase: () => base,
    presignTtlSeconds: options.presignTtlSeconds ?? 3600,
    rawDir,
    dialects,
  };
  const app = buildApp(ctx, { token: options.token });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  base = options.publicUrl?.replace(/\/+$/, '') ?? `http://127.0.0.1:${port}`;
  const listening = `http://127.0.0.1:${port}`;
  ctx.processing.resumeAll();
  ctx.prediction.resumeAll();
  if (options.demo) await seedDemo(ctx);

  let closed: Promise<void> | undefined;
  const close = async () => {
    ctx.processing.close();
    ctx.prediction.close();
    await app.close();
    await store.close();
    db.close();
  };
  return {
    api: base,
    s3: base,
    listening,
    bucket: SANDBOX_BUCKET,
    dialects: [...dialects],
    close: () => (closed ??= close()),
  };
}
