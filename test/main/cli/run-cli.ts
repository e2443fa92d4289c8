import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: tsx and src-main/cli/main.ts resolve from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** For a test that runs several CLI processes in a row: each starts in seconds, more on a loaded machine. */
export const CLI_TEST_TIMEOUT = 180_000;

/** The server and state dir every CLI run of a test file shares; no `api`: no --server (the embedded sandbox). */
export interface CliTarget {
  api: string | undefined;
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
export function startCli(
  target: CliTarget,
  args: readonly string[],
  env: Record<string, string> = {},
): RunningCli {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/cli/main.ts',
      ...(target.api !== undefined ? ['--server', target.api] : []),
      '--user',
      '19',
      '--state-dir',
      target.stateDir,
      ...args,
    ],
    { cwd: REPO_ROOT, env: { ...hermeticEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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

/**
 * Runs the CLI to the end; kills it (and fails) if it takes longer than `timeoutMs` — a guard against a hung
 * process, generous because start-up alone takes seconds on a loaded machine.
 */
export async function runCli(
  target: CliTarget,
  args: readonly string[],
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const running = startCli(target, args, env);
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

/** The last non-empty line of a stream: where the CLI puts its summary. */
export function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** The `{"type":"summary"}` line of a --json run (the last line). */
export function jsonSummary(text: string): Record<string, unknown> {
  const last = jsonLines(text).at(-1);
  if (last?.['type'] !== 'summary') throw new Error(`expected a summary as the last line, got: ${text}`);
  return last;
}
