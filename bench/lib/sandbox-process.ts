import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { readSandboxCredentials, type SandboxCredentials } from '../../src-main/sandbox/credentials.js';
import { cleanEnv } from './clean-env.js';
import { onCleanup } from './cleanup.js';
import { SANDBOX_CLI } from './paths.js';
import { readProcSample } from './proc-stats.js';

export interface SandboxProcess {
  /** API base URL (also the S3 endpoint: both share one port). */
  api: string;
  s3: string;
  /** The data dir's S3 key pair (made by the sandbox at its first start). */
  credentials: SandboxCredentials;
  pid: number;
  /** CPU seconds the sandbox has used so far (0 if /proc cannot be read). */
  cpuSeconds(): Promise<number>;
  /** SIGTERM, wait for it to exit, remove its data dir. */
  stop(): Promise<void>;
}

const READY = /^SANDBOX_READY (\{.*\})$/;

/**
 * Starts the sandbox backend as its own process on a fresh data dir, so its CPU and memory stay apart from the
 * client being measured, and every comparison starts from an empty store.
 */
export async function startSandboxProcess(
  dataDir: string,
  options: { port?: number; publicUrl?: string; dialects?: readonly string[] } = {},
): Promise<SandboxProcess> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  // --public-url: the URL a proxy in front of the sandbox has (presigned URLs then point at the proxy).
  const args = [SANDBOX_CLI, '--port', String(options.port ?? 0), '--data', dataDir];
  if (options.publicUrl) args.push('--public-url', options.publicUrl);
  // A server of another kind (e.g. md5-parts: the multipart extension from before part checksums).
  if (options.dialects?.length) args.push('--dialect', options.dialects.join(','));
  const child = spawn(process.execPath, args, {
    env: cleanEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = onCleanup(async () => {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const urls = await new Promise<{ api: string; s3: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox not ready after 30 s: ${stderr}`)), 30_000);
    void exited.then(() => reject(new Error(`sandbox exited before it was ready: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = READY.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(JSON.parse(match[1]!) as { api: string; s3: string });
    });
  });
  const pid = child.pid!;
  const credentials = await readSandboxCredentials(dataDir);

  return {
    ...urls,
    credentials,
    pid,
    cpuSeconds: async () => (await readProcSample(pid))?.cpuSeconds ?? 0,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      await rm(dataDir, { recursive: true, force: true });
      forget();
    },
  };
}

/** Runs `body` with a fresh sandbox in `<parent>/<name>`, stopped and removed afterwards. */
export async function withSandboxProcess<T>(
  parent: string,
  name: string,
  body: (sandbox: SandboxProcess) => Promise<T>,
  options: { port?: number; publicUrl?: string; dialects?: readonly string[] } = {},
): Promise<T> {
  const sandbox = await startSandboxProcess(path.join(parent, name), options);
  try {
    return await body(sandbox);
  } finally {
    await sandbox.stop();
  }
}
