import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`src-main/cli/main.ts` through tsx) as a child process and collects its output. */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    timeoutMs?: number;
    onSpawn?: (pid: number) => void;
    /** Sends SIGINT this long after `interruptAfter` first matches the output (stdout + stderr) so far. */
    interrupt?: { after: RegExp; delayMs: number };
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Timed from a line the CLI prints, not from spawn: start-up takes seconds on a loaded machine.
    let interruptArmed = options.interrupt !== undefined;
    const watchOutput = () => {
      if (!interruptArmed || !options.interrupt!.after.test(stdout + stderr)) return;
      interruptArmed = false;
      setTimeout(() => child.kill('SIGINT'), options.interrupt!.delayMs);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      watchOutput();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      watchOutput();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
