import { spawn } from 'node:child_process';
import { onCleanup } from './cleanup.js';
import { sampleProcess } from './proc-sampler.js';

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From just before spawn to the exit event: process start → exit, as a user would time it. */
  wallSeconds: number;
  /** User + system CPU of the process (sampled every 20 ms; the last ≤ 20 ms may be missing). */
  cpuSeconds: number;
  /** VmHWM as last read before exit. */
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed (and the run rejected) after this long. */
  timeoutMs: number;
}

/** Runs a program to its end, timing it and sampling its CPU time and peak RSS through /proc. */
export function runMeasured(
  file: string,
  args: readonly string[],
  options: MeasureOptions,
): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forget = onCleanup(() => void child.kill('SIGKILL'));
    const sampler = child.pid === undefined ? undefined : sampleProcess(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    let exitedAt = 0;
    child.once('exit', () => (exitedAt = performance.now()));
    child.once('error', (error) => {
      clearTimeout(timer);
      sampler?.stop();
      forget();
      reject(error);
    });
    // 'close' comes after 'exit' once stdout/stderr are drained, so the output is complete.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const sample = sampler?.stop();
      forget();
      if (timedOut) {
        reject(
          new Error(
            `${file} ${args.join(' ')} took longer than ${options.timeoutMs / 1000} s; killed.\n${stderr}`,
          ),
        );
        return;
      }
      resolve({
        code,
        signal,
        wallSeconds: ((exitedAt || performance.now()) - startedAt) / 1000,
        cpuSeconds: sample?.cpuSeconds ?? 0,
        peakRssBytes: sample?.peakRssBytes ?? 0,
        stdout,
        stderr,
      });
    });
  });
}
