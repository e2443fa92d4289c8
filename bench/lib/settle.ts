import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { progress } from './log.js';
import { machineBusySeconds } from './machine-cpu.js';
import type { SandboxProcess } from './sandbox-process.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Below this many busy cores (the whole machine) it counts as quiet. */
const QUIET_CORES = 0.15;

/**
 * Lets the machine calm down before a measurement, so one side does not pay for the other's leftovers:
 * `sync` flushes the dirty pages the previous upload left in the page cache (else the next run's writes wait
 * for that writeback), then we wait until the sandbox is idle (its simulated pipeline runs for a few seconds
 * after each upload is marked "Uploaded"; none for the watcher section) and the machine as a whole is quiet. Someone else's load does not go
 * away by waiting, so after `maxWaitMs` we measure anyway; the tables show other processes' CPU per run.
 */
export async function settle(sandbox: SandboxProcess | undefined, maxWaitMs = 15_000): Promise<void> {
  await run('sync');
  const windowMs = 250;
  const deadline = Date.now() + maxWaitMs;
  let machineBusy = 0;
  while (Date.now() < deadline) {
    const [sandboxBefore, machineBefore] = [(await sandbox?.cpuSeconds()) ?? 0, await machineBusySeconds()];
    await sleep(windowMs);
    const [sandboxAfter, machineAfter] = [(await sandbox?.cpuSeconds()) ?? 0, await machineBusySeconds()];
    const seconds = windowMs / 1000;
    machineBusy = (machineAfter - machineBefore) / seconds;
    if ((sandboxAfter - sandboxBefore) / seconds < 0.05 && machineBusy < QUIET_CORES) return;
  }
  progress(
    `machine still busy after ${maxWaitMs / 1000} s (${machineBusy.toFixed(2)} cores in use); measuring anyway`,
  );
}
