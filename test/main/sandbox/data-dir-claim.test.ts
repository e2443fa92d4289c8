import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SandboxInUseError } from '../../../src-main/sandbox/data-dir-claim.js';
import type { LockHolder } from '../../../src-main/sandbox/data-dir-lock.js';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox.js';
import { useTempDataDirs } from './temp-data-dirs.js';
import { waitFor } from '../../helpers/wait.js';
import { startCli, stop } from './cli-process.js';
import { SandboxS3, sha256, startHeldPut } from './sandbox-s3-client.js';

const MiB = 1024 * 1024;
const run = promisify(execFile);

const { cleanups, tempDataDir } = useTempDataDirs();

async function start(dataDir: string, options: { attach?: boolean } = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ dataDir, speed: 50, ...options });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

function s3Of(sandbox: RunningSandbox): SandboxS3 {
  const s3 = new SandboxS3(sandbox);
  cleanups.push(() => s3.destroy());
  return s3;
}

const blobCount = async (dataDir: string) => (await readdir(path.join(dataDir, 's3', 'blobs'))).length;

const readLock = async (dataDir: string) =>
  JSON.parse(await readFile(path.join(dataDir, 'sandbox.lock'), 'utf8')) as LockHolder;

/** An upload of two parts: the first stored, the second held half-way through its body (being written). */
async function uploadWithPartInFlight(sandbox: RunningSandbox, dataDir: string, key: string) {
  const s3 = s3Of(sandbox);
  const parts = [randomBytes(5 * MiB), randomBytes(3 * MiB)];
  const uploadId = await s3.createUpload(key);
  const first = await fetch(await s3.partUrl(key, uploadId, 1), {
    method: 'PUT',
    body: new Uint8Array(parts[0]!),
  });
  expect(first.status).toBe(200);
  const blobsBefore = await blobCount(dataDir);
  const second = startHeldPut(await s3.partUrl(key, uploadId, 2), parts[1]!);
  await waitFor(
    async () => ((await blobCount(dataDir)) > blobsBefore ? true : undefined),
    'part 2 being written',
  );
  return {
    uploadId,
    firstEtag: first.headers.get('etag')!,
    finishSecond: () => second.finish(),
    sha256: sha256(Buffer.concat(parts)),
  };
}

describe('one sandbox per data dir', () => {
  it('a second start while a part is being written attaches (same address, nothing swept) and the object reads back whole', async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);
    const upload = await uploadWithPartInFlight(first, dataDir, 'slides/a.svs');

    const second = await start(dataDir);
    expect(second.api).toBe(first.api);
    expect(second.attachedTo).toEqual({ pid: process.pid, hostname: expect.any(String) });
    await second.close(); // leaves the first one's servers alone

    const answer = await upload.finishSecond();
    expect(answer.status).toBe(200);
    const s3 = s3Of(first);
    await s3.complete('slides/a.svs', upload.uploadId, [upload.firstEtag, answer.etag]);
    expect(await s3.sha256('slides/a.svs')).toBe(upload.sha256);
  });

  it('a restart while the old sandbox finishes a part waits for it, then keeps every part of the open upload', async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);
    const upload = await uploadWithPartInFlight(first, dataDir, 'slides/b.svs');

    const closing = first.close();
    await waitFor(async () => ((await readLock(dataDir)).state === 'closing' ? true : undefined), 'closing');
    let restarted: RunningSandbox | undefined;
    const restarting = start(dataDir).then((sandbox) => (restarted = sandbox));
    const answer = await upload.finishSecond(); // the old process still finishes the request in progress
    expect(answer.status).toBe(200);
    expect(restarted).toBeUndefined(); // it cannot have had the data dir before that request ended
    await closing;
    const second = await restarting;

    expect(second.attachedTo).toBeUndefined(); // its own servers this time
    const s3 = s3Of(second);
    await s3.complete('slides/b.svs', upload.uploadId, [upload.firstEtag, answer.etag]);
    expect(await s3.sha256('slides/b.svs')).toBe(upload.sha256);
  });

  it('refuses to attach to a sandbox that answers differently, naming the process that holds the data dir', async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);
    const refused = startSandbox({ dataDir, dialects: ['put-msg'] });
    await expect(refused).rejects.toThrow(SandboxInUseError);
    await expect(refused).rejects.toThrow(`in use by process ${process.pid} on`);
    await expect(refused).rejects.toThrow(`serving ${first.api}`);
    await expect(refused).rejects.toThrow(/dialects \[\], not \[put-msg\]/);
    await expect(startSandbox({ dataDir, attach: false })).rejects.toThrow(SandboxInUseError);
  });

  it('from another process: a starter attaches to the running sandbox; the sandbox CLI refuses, saying who holds it', async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);

    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'test/main/sandbox/fixtures/start-sandbox.ts',
      dataDir,
    ]);
    expect(JSON.parse(stdout)).toEqual({
      api: first.api,
      attachedTo: { pid: process.pid, hostname: expect.any(String) },
    });

    const cli = startCli(['--data', dataDir]);
    cleanups.push(() => stop(cli.child));
    await expect(cli.ready).rejects.toThrow(
      /exited with 3: The sandbox data dir .* is in use by process \d+ on .*serving http/,
    );
    expect(await fetch(`${first.api}/Users/imagelist`).then((r) => r.status)).toBe(200); // untouched
  });

  it('a sandbox CLI killed outright leaves a stale lock that the next start takes over; a stopped one releases it', async () => {
    const dataDir = await tempDataDir();
    const killed = startCli(['--data', dataDir]);
    const { api: killedApi } = await killed.ready;
    const exited = new Promise((resolve) => killed.child.once('exit', resolve));
    killed.child.kill('SIGKILL');
    await exited;

    const next = startCli(['--data', dataDir]);
    cleanups.push(() => stop(next.child));
    const { api } = await next.ready;
    expect(api).not.toBe(killedApi);
    expect((await readLock(dataDir)).pid).toBe(next.child.pid);

    expect(await stop(next.child)).toBe(0);
    await expect(readFile(path.join(dataDir, 'sandbox.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
