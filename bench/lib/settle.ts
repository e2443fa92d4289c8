import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SandboxProcess } from './sandbox-process.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets the machine calm down before a measurement, so one side does not pay for the other's leftovers:
 * `sync` flushes the dirty pages the previous upload left in the page cache (else the next run's writes wait
 * for that writeback), then we wait until the sandbox is idle (its simulated pipeline runs for a few seconds
 * after each upload is marked "Uploaded").
 */
export async function settle(sandbox: SandboxProcess, maxWaitMs = 20_000): Promise<void> {
  await run('sync');
  const windowMs = 250;
  const deadline = Date.now() + maxWaitMs;
  let before = await sandbox.cpuSeconds();
  while (Date.now() < deadline) {
    await sleep(windowMs);
    const after = await sandbox.cpuSeconds();
    if ((after - before) / (windowMs / 1000) < 0.05) return;
    before = after;
  }
}
