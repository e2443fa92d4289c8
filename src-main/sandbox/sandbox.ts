import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from '../shared/sqlite.js';
import { buildApp } from './app.js';
import type { SandboxContext } from './context.js';
import { loadOrCreateCredentials, readSandboxCredentials, type SandboxCredentials } from './credentials.js';
import { claimDataDir, type AttachTerms } from './data-dir-claim.js';
import type { DataDirLock, LockHolder, SandboxAddress } from './data-dir-lock.js';
import { ImagesRepo } from './db/images-repo.js';
import { LogsRepo } from './db/logs-repo.js';
import { sandboxMigrations } from './db/migrations.js';
import { BUILT_IN_USERS, UsersRepo } from './db/users-repo.js';
import { seedDemo } from './demo.js';
import { parseDialects, type Dialect } from './dialects.js';
import { ProcessingSimulator } from './pipeline.js';
import { PredictionSimulator } from './prediction.js';
import { createS3Store } from './s3/index.js';
import { slideArchiveCheck } from './zip/upload-check.js';

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
   * The same for predictions alone (default `speed`): a test that stops a running prediction from another process
   * keeps it running for seconds while tiling stays fast.
   */
  predictionSpeed?: number;
  /**
   * The base URL clients reach the sandbox at, when that is not where it listens (a proxy in front of it, as the
   * fault-injection tests use). Presigned URLs are signed for this host, so the proxy must keep the Host header.
   */
  publicUrl?: string | undefined;
  /** Offer the S3 multipart extension (default true); false is the no-multipart dialect. */
  multipart?: boolean;
  /** Behaviours of real servers where the API document is silent (see dialects.ts); none by default. */
  dialects?: readonly Dialect[];
  /**
   * Only one sandbox runs per data dir. When another process (or this one) already runs it: true (default)
   * attaches to it (same address, nothing started, nothing swept); false refuses with SandboxInUseError.
   * Attaching also fails with SandboxInUseError when the running one answers differently (dialects, token,
   * public URL, a fixed port); its pipeline speed, presign lifetime and demo data are the ones that apply.
   */
  attach?: boolean;
}

export interface RunningSandbox {
  /** Where clients reach the API (the public URL when one is set). */
  api: string;
  s3: string;
  /** Where the sandbox itself listens. */
  listening: string;
  bucket: string;
  /** The S3 key pair of this data dir (made at its first start), for clients that sign their own requests. */
  credentials: SandboxCredentials;
  /** The active dialects (including no-multipart when `multipart: false`). */
  dialects: Dialect[];
  /** Set when this is another process's sandbox, attached to: close() then leaves its servers running. */
  attachedTo?: { pid: number; hostname: string };
  /**
   * Stops accepting, lets requests in progress finish (for up to SHUTDOWN_GRACE_MS), stops the servers and
   * releases the data dir. Attached: does nothing.
   */
  close(): Promise<void>;
}

/** How long closing waits for requests in progress (a part PUT finishing) before cutting their connections. */
export const SHUTDOWN_GRACE_MS = 15_000;

export const SANDBOX_BUCKET = 'pathomiq-sandbox';

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  // Validated again here: programmatic callers could pass two mutually exclusive dialects.
  const dialects = new Set(parseDialects((options.dialects ?? []).join(',')));
  if (options.multipart === false) dialects.add('no-multipart');
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const claim = await claimDataDir(dataDir, {
    terms: attachTerms(options, dialects),
    port: options.port ?? 0,
    attach: options.attach ?? true,
  });
  if (claim.kind === 'attached') return attachedSandbox(claim.holder, await readSandboxCredentials(dataDir));
  try {
    return await startOwnSandbox(options, dialects, dataDir, claim.lock);
  } catch (error) {
    await claim.lock.release();
    throw error;
  }
}

function attachTerms(options: SandboxOptions, dialects: ReadonlySet<Dialect>): AttachTerms {
  return {
    dialects: [...dialects].sort(),
    tokenSha256: options.token ? createHash('sha256').update(options.token).digest('hex') : null,
    publicUrl: publicBase(options) ?? null,
  };
}

const publicBase = (options: SandboxOptions) => options.publicUrl?.replace(/\/+$/, '');

function attachedSandbox(
  holder: LockHolder & { address: SandboxAddress },
  credentials: SandboxCredentials,
): RunningSandbox {
  const { address } = holder;
  return {
    credentials,
    api: address.api,
    s3: address.s3,
    listening: address.listening,
    bucket: address.bucket,
    dialects: parseDialects(address.dialects.join(',')),
    attachedTo: { pid: holder.pid, hostname: holder.hostname },
    close: () => Promise.resolve(), // its servers and its lock are the other process's
  };
}

/** Runs the sandbox in this process, which holds `lock` on its data dir (so only it may sweep the store). */
async function startOwnSandbox(
  options: SandboxOptions,
  dialects: Set<Dialect>,
  dataDir: string,
  lock: DataDirLock,
): Promise<RunningSandbox> {
  const rawDir = path.join(dataDir, 'raw');
  await mkdir(rawDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, 'sandbox.sqlite'), sandboxMigrations);
  const images = new ImagesRepo(db);
  const logs = new LogsRepo(db);
  const users = new UsersRepo(db);
  users.ensure(BUILT_IN_USERS);
  const speed = options.speed ?? 1;

  let base = '';
  const credentials = await loadOrCreateCredentials(dataDir);
  const store = await createS3Store({
    dir: path.join(dataDir, 's3'),
    bucket: SANDBOX_BUCKET,
    region: 'us-east-1',
    credentials,
    endpoint: () => base,
  });
  const ctx: SandboxContext = {
    images,
    logs,
    users,
    store,
    processing: new ProcessingSimulator({ images, logs, speed, check: slideArchiveCheck(store) }),
    prediction: new PredictionSimulator({ images, logs, speed: options.predictionSpeed ?? speed, rawDir }),
    apiBase: () => base,
    presignTtlSeconds: options.presignTtlSeconds ?? 3600,
    rawDir,
    dialects,
  };
  const app = buildApp(ctx, { token: options.token });
  const stopEverything = async () => {
    ctx.processing.close();
    ctx.prediction.close();
    await closeWithin(app, SHUTDOWN_GRACE_MS);
    await store.close();
    db.close();
  };
  let address: SandboxAddress;
  try {
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const { port } = app.server.address() as AddressInfo;
    base = publicBase(options) ?? `http://127.0.0.1:${port}`;
    address = {
      api: base,
      s3: base,
      listening: `http://127.0.0.1:${port}`,
      bucket: SANDBOX_BUCKET,
      dialects: [...dialects],
    };
    ctx.processing.resumeAll();
    ctx.prediction.resumeAll();
    if (options.demo) await seedDemo(ctx);
    await lock.update({ state: 'running', address });
  } catch (error) {
    await stopEverything(); // the caller releases the lock
    throw error;
  }

  let closed: Promise<void> | undefined;
  const close = async () => {
    // Starters arriving now wait for the release instead of attaching to a server about to go.
    await lock.update({ state: 'closing' });
    try {
      await stopEverything();
    } finally {
      await lock.release();
    }
  };
  return { ...address, credentials, dialects: [...dialects], close: () => (closed ??= close()) };
}

/**
 * Fastify's close waits for requests in progress for as long as they take; past `graceMs` their connections are
 * cut. A keep-alive connection whose request ends meanwhile would hold the close up until its idle timeout, so
 * idle connections are closed as they appear.
 */
async function closeWithin(app: ReturnType<typeof buildApp>, graceMs: number): Promise<void> {
  const cutAll = setTimeout(() => app.server.closeAllConnections(), graceMs);
  const cutIdle = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearTimeout(cutAll);
    clearInterval(cutIdle);
  }
}
