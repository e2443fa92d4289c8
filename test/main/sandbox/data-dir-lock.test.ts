import { spawn } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateCredentials } from '../../../src-main/sandbox/credentials.js';
import { LOCK_STALE_AFTER_MS, type LockHolder } from '../../../src-main/sandbox/data-dir-lock.js';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox.js';
import { useTempDataDirs } from './temp-data-dirs.js';

const { cleanups, tempDataDir } = useTempDataDirs();

async function start(dataDir: string): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ dataDir, speed: 50 });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

/** A pid that existed a moment ago and no longer does. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** The lock file a running sandbox at a now unreachable address would have left. */
async function plantLock(dataDir: string, pid: number, touchedAt = new Date()): Promise<void> {
  const lockFile = path.join(dataDir, 'sandbox.lock');
  const holder: LockHolder = {
    pid,
    hostname: os.hostname(),
    token: 'f'.repeat(32),
    startedAt: new Date().toISOString(),
    state: 'running',
    address: {
      api: 'http://127.0.0.1:9',
      s3: 'http://127.0.0.1:9',
      listening: 'http://127.0.0.1:9',
      bucket: 'pathomiq-sandbox',
      dialects: [],
    },
    terms: { dialects: [], tokenSha256: null, publicUrl: null },
  };
  await writeFile(lockFile, JSON.stringify(holder));
  await utimes(lockFile, touchedAt, touchedAt);
}

const lockPid = async (dataDir: string) =>
  (JSON.parse(await readFile(path.join(dataDir, 'sandbox.lock'), 'utf8')) as LockHolder).pid;

describe('the data-dir lock', () => {
  it('takes over the lock of a process that is gone', async () => {
    const dataDir = await tempDataDir();
    await plantLock(dataDir, await deadPid());
    const sandbox = await start(dataDir);
    expect(sandbox.attachedTo).toBeUndefined();
    expect(sandbox.api).not.toBe('http://127.0.0.1:9');
    expect(await lockPid(dataDir)).toBe(process.pid);
  });

  it('takes over a lock whose pid is alive but which nobody has touched for too long (the pid was reused)', async () => {
    const dataDir = await tempDataDir();
    await plantLock(dataDir, process.pid, new Date(Date.now() - 2 * LOCK_STALE_AFTER_MS));
    const sandbox = await start(dataDir);
    expect(sandbox.attachedTo).toBeUndefined();
    expect(sandbox.api).not.toBe('http://127.0.0.1:9');
  });

  it('attaches to a live holder it finds in the lock file', async () => {
    const dataDir = await tempDataDir();
    await plantLock(dataDir, process.pid);
    const credentials = await loadOrCreateCredentials(dataDir); // as its first start would have
    const sandbox = await start(dataDir);
    expect(sandbox.credentials).toEqual(credentials);
    expect(sandbox.api).toBe('http://127.0.0.1:9');
    expect(sandbox.attachedTo).toEqual({ pid: process.pid, hostname: os.hostname() });
  });

  it('lets exactly one of several simultaneous starters take over a stale lock; the others attach to it', async () => {
    const dataDir = await tempDataDir();
    await plantLock(dataDir, await deadPid());
    const sandboxes = await Promise.all([start(dataDir), start(dataDir), start(dataDir)]);
    expect(sandboxes.filter((sandbox) => sandbox.attachedTo === undefined)).toHaveLength(1);
    expect(new Set(sandboxes.map((sandbox) => sandbox.api)).size).toBe(1);
  });

  it('is released when the sandbox closes, so the next start owns the data dir', async () => {
    const dataDir = await tempDataDir();
    const first = await startSandbox({ dataDir });
    await first.close();
    await expect(readFile(path.join(dataDir, 'sandbox.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    const second = await start(dataDir);
    expect(second.attachedTo).toBeUndefined();
  });
});
