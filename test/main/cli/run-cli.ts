import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: tsx and src-main/cli/main.ts resolve from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The server and state dir every CLI run of a test file shares. */
export interface CliTarget {
  api: string;
  stateDir: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Output so far (grows while the process runs). */
  output: { stdout: string; stderr: string };
  exited: Promise<CliResult>;
}

/** The environment without PATHOMIQ_* settings of whoever runs the tests, so only the given flags count. */
function hermeticEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PATHOMIQ_')));
}

/** Starts the real CLI (`node --import tsx src-main/cli/main.ts`) as user 19 against `target`. */
export function startCli(target: CliTarget, args: readonly string[]): RunningCli {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/cli/main.ts',
      '--server',
      target.api,
      '--user',
      '19',
      '--state-dir',
      target.stateDir,
      ...args,
    ],
    { cwd: REPO_ROOT, env: hermeticEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  return { child, output, exited };
}

/** Runs the CLI to the end; kills it (and fails) if it takes longer than `timeoutMs`. */
export async function runCli(
  target: CliTarget,
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<CliResult> {
  const running = startCli(target, args);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    const result = await running.exited;
    if (result.signal === 'SIGKILL')
      throw new Error(`CLI ${args.join(' ')} timed out: ${JSON.stringify(result)}`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** --json output: one object per line. */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `data` of the single `{"type":"result"}` line of a --json run. */
export function jsonResult<T>(text: string): T {
  const results = jsonLines(text).filter((line) => line['type'] === 'result');
  if (results.length !== 1) throw new Error(`expected one result line, got ${results.length}: ${text}`);
  return results[0]!['data'] as T;
}
