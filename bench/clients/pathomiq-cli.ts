import type { JobView } from '../../src-shared/engine/index.js';
import { cleanEnv } from '../lib/clean-env.js';
import { ProductFailure } from '../lib/failures.js';
import { runMeasured, type MeasuredRun } from '../lib/measured-process.js';
import { CLI_BIN, REPO_ROOT } from '../lib/paths.js';

/** The sandbox's example user; any built-in user would do. */
const USER_ID = '19';

export interface CliTarget {
  server: string;
  /** A fresh folder per run: the queue remembers uploaded files and would skip them the second time. */
  stateDir: string;
}

export interface CliRun extends MeasuredRun {
  /** Each --json line that parsed. */
  lines: Array<Record<string, unknown>>;
}

/**
 * Runs the compiled CLI as users do — the executable `bin/pathomiq-uploader.js`, whose shebang passes Node the
 * flags it is meant to run with — and times it.
 */
export async function runCli(
  target: CliTarget,
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const run = await runMeasured(
    CLI_BIN,
    ['--server', target.server, '--user', USER_ID, '--state-dir', target.stateDir, '--json', ...args],
    { env: cleanEnv(options.env), cwd: REPO_ROOT, timeoutMs: options.timeoutMs ?? 30 * 60_000 },
  );
  return { ...run, lines: parseJsonLines(run.stdout) };
}

let uploadHelp: Promise<string> | undefined;

/** `upload --help` of this build, asked once: the harness adapts to the options and defaults it states. */
function uploadHelpText(): Promise<string> {
  uploadHelp ??= runMeasured(process.execPath, [CLI_BIN, 'upload', '--help'], {
    env: cleanEnv(),
    cwd: REPO_ROOT,
    timeoutMs: 60_000,
  }).then((run) => run.stdout);
  return uploadHelp;
}

/**
 * Flags every measured `upload` gets: `--no-check` when this build checks slides before queueing them (the
 * benchmark's files are random bytes, not slides, and would be refused).
 */
export async function uploadFlags(): Promise<string[]> {
  return (await uploadHelpText()).includes('--no-check') ? ['--no-check'] : [];
}

/** The default parts in flight, as `upload --help` states it ("--part-concurrency <n> … (default 4"). */
export async function defaultPartConcurrency(): Promise<number | undefined> {
  const match = /--part-concurrency <n>[^(]*\(default (\d+)/.exec(await uploadHelpText());
  return match ? Number(match[1]) : undefined;
}

/** `upload [--no-check] <args>`: see {@link uploadFlags}. */
export async function runUpload(
  target: CliTarget,
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  return runCli(target, ['upload', ...(await uploadFlags()), ...args], options);
}

function parseJsonLines(text: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut short by a SIGKILL: nothing to learn from it
    }
  }
  return lines;
}

/** Fails the comparison (not the harness) when the CLI did not exit 0. */
export function expectSuccess(run: CliRun, what: string): void {
  if (run.code === 0) return;
  const errors = run.lines
    .filter((line) => line['type'] === 'error')
    .map((line) => String(line['message']))
    .slice(0, 5);
  const detail = errors.length > 0 ? errors.join('; ') : run.stderr.trim().slice(-600);
  throw new ProductFailure(`${what} exited with ${run.code ?? run.signal}: ${detail}`);
}

/** The jobs of the final `{"type":"result","data":{"uploaded":[…]}}` line. */
export function uploadedJobs(run: CliRun): JobView[] {
  for (const line of [...run.lines].reverse()) {
    const data = line['data'] as { uploaded?: JobView[] } | undefined;
    if (line['type'] === 'result' && data?.uploaded) return data.uploaded;
  }
  throw new ProductFailure(
    `the CLI printed no result line listing the uploaded jobs: ${run.stderr.slice(-600)}`,
  );
}

/**
 * Transfer-only time from the engine's own clock: the first job entering "uploading" to the last job "done"
 * (job `updatedAt`, epoch ms). Leaves out process start-up, opening the queue and registering the image.
 */
export function transferSeconds(run: CliRun): number | undefined {
  let firstUploading: number | undefined;
  let lastDone: number | undefined;
  for (const line of run.lines) {
    if (line['type'] !== 'job-updated') continue;
    const job = line['job'] as JobView;
    if (job.state === 'uploading') firstUploading ??= job.updatedAt;
    if (job.state === 'done') lastDone = Math.max(lastDone ?? 0, job.updatedAt);
  }
  return firstUploading !== undefined && lastDone !== undefined
    ? (lastDone - firstUploading) / 1000
    : undefined;
}
