/**
 * Start-up (issue 12 item 2): how long the command line takes before it does anything — `--help`, `queue` over a
 * 1,000-job queue, and the first byte of a file on the wire after `upload` starts. Each row: the median of the
 * runs, its target and PASS/FAIL. `npm run bench -- --only startup` runs only these rows.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxDestination } from '../../src-main/engine/destination.js';
import { openQueueDatabase } from '../../src-main/engine/db/queue-database.js';
import { JobStore } from '../../src-main/engine/job-store.js';
import { SANDBOX_BUCKET } from '../../src-main/sandbox/sandbox.js';
import { writeSlide } from '../../test/helpers/slides.js';
import { cleanEnv } from '../lib/clean-env.js';
import { CLI_BIN, REPO_ROOT } from '../lib/paths.js';
import { startSandboxProcess } from '../lib/sandbox-process.js';
import { FirstByteProxy } from './first-byte-proxy.js';

export interface StartupRow {
  what: string;
  /** Seconds, one per run. */
  runs: number[];
  median: number;
  target: number;
  /** For the first-byte row: the server's own time (median), already taken out of `median`. */
  note?: string;
}

export interface StartupResult {
  rows: StartupRow[];
}

const QUEUE_JOBS = 1000;
/** A 16 MiB slide (64 tiles of 256 KiB): slide QC and multipart both have something to do. */
const SLIDE_TILE_BYTES = 256 * 1024;

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export interface Timed {
  seconds: number;
  startedAt: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as users do (bin/pathomiq-uploader.js and the flags of its shebang) and times it, wall clock. */
export function timeCli(args: readonly string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(CLI_BIN, args, {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ seconds: (performance.now() - startedAt) / 1000, startedAt, code, stdout, stderr }),
    );
  });
}

async function timeRuns(runs: number, args: readonly string[]): Promise<number[]> {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const timed = await timeCli(args);
    if (timed.code !== 0) throw new Error(`${args.join(' ')} exited ${timed.code}: ${timed.stderr}`);
    seconds.push(timed.seconds);
  }
  return seconds;
}

/** A queue of `count` jobs for the embedded sandbox of `stateDir`, written by the engine's own job store. */
function seedQueue(stateDir: string, count: number): void {
  const db = openQueueDatabase(stateDir);
  try {
    const server = sandboxDestination(path.join(stateDir, 'sandbox'));
    const store = new JobStore(db, server, () => undefined);
    store.add(
      Array.from({ length: count }, (_, index) => ({
        sourcePath: `/scans/2026-12-07/CASE-${String(index).padStart(4, '0')}.svs`,
        fileName: `CASE-${String(index).padStart(4, '0')}.svs`,
        size: 1_500_000_000 + index,
        mtimeMs: Date.now(),
        metadata: { userid: 19 },
        server,
      })),
    );
  } finally {
    db.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `upload` of one fresh slide per run through the proxy; the first byte's delay less the server's own time. */
async function firstByteRuns(work: string, runs: number): Promise<{ net: number[]; server: number[] }> {
  const proxy = new FirstByteProxy(SANDBOX_BUCKET);
  const publicUrl = await proxy.listen();
  // The sandbox announces its public URL (the proxy) as its address; the proxy forwards to the port it listens on.
  const port = await freePort();
  const sandbox = await startSandboxProcess(path.join(work, 'sandbox'), { port, publicUrl });
  proxy.forwardTo(`http://127.0.0.1:${port}`);
  const net: number[] = [];
  const server: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const dir = path.join(work, `upload-${run}`);
      await mkdir(dir, { recursive: true });
      const { file } = await writeSlide(dir, `startup-${process.pid}-${run}.svs`, SLIDE_TILE_BYTES);
      proxy.reset();
      const args = ['--server', publicUrl, '--user', '19', '--state-dir', path.join(dir, 'state'), '--json'];
      const timed = await timeCli([...args, 'upload', file]);
      if (process.env['STARTUP_BENCH_DEBUG']) process.stderr.write(`${timed.stdout}\n${timed.stderr}\n`);
      const { firstStorageByte, serverMs } = proxy.result();
      if (timed.code !== 0 || firstStorageByte === undefined)
        throw new Error(`upload exited ${timed.code} without sending a byte to storage: ${timed.stderr}`);
      const seconds = (firstStorageByte - timed.startedAt) / 1000;
      server.push(serverMs / 1000);
      net.push(seconds - serverMs / 1000);
    }
  } finally {
    await sandbox.stop();
    await proxy.close();
  }
  return { net, server };
}

export async function runStartupBench(options: {
  quick: boolean;
  runs?: number | undefined;
  progress: (message: string) => void;
}): Promise<StartupResult> {
  const runs = Math.max(options.runs ?? (options.quick ? 3 : 7), options.quick ? 1 : 5);
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-startup-'));
  try {
    options.progress(`start-up: --help × ${runs}`);
    const help = await timeRuns(runs, ['--help']);

    const stateDir = path.join(work, 'queue-state');
    await mkdir(stateDir, { recursive: true });
    seedQueue(stateDir, QUEUE_JOBS);
    const listed = await timeCli(['--state-dir', stateDir, '--user', '19', '--json', 'queue']);
    const result = listed.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type?: string; data?: unknown })
      .find((line) => line.type === 'result');
    const count = Array.isArray(result?.data) ? result.data.length : 0;
    if (count !== QUEUE_JOBS)
      throw new Error(`queue listed ${count} jobs, not ${QUEUE_JOBS}: ${listed.stderr}`);
    options.progress(`start-up: queue of ${QUEUE_JOBS} jobs × ${runs}`);
    const queue = await timeRuns(runs, ['--state-dir', stateDir, '--user', '19', 'queue']);

    options.progress(`start-up: first byte of upload × ${runs}`);
    const firstByte = await firstByteRuns(work, runs);
    return {
      rows: [
        { what: '`--help`', runs: help, median: median(help), target: 0.25 },
        {
          what: `\`queue\` (${QUEUE_JOBS.toLocaleString('en')} jobs)`,
          runs: queue,
          median: median(queue),
          target: 0.3,
        },
        {
          what: '`upload`: first byte on the wire, less server time',
          runs: firstByte.net,
          median: median(firstByte.net),
          target: 0.5,
          note: `server's own time (median) ${median(firstByte.server).toFixed(2)} s`,
        },
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const passes = (row: StartupRow): boolean => row.median <= row.target;

export function renderStartupBench(result: StartupResult): string {
  const pass = result.rows.every(passes);
  return [
    `## (startup) Start-up — ${pass ? 'PASS' : 'FAIL'}`,
    '',
    '- Wall clock from spawning `bin/pathomiq-uploader.js` (compiled, with its shebang flags) to its exit, or, for `upload`, to the first body byte of a request to storage, seen by a TCP proxy in front of the sandbox (its `--public-url`), less the time the server took to begin its answers before that. The 16 MiB slide is checked (slide QC) before it is sent. Median of the runs.',
    '',
    '| what | runs (s) | median (s) | target (s) | result |',
    '| --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (row) =>
        `| ${row.what}${row.note ? ` (${row.note})` : ''} | ${row.runs.map((v) => v.toFixed(2)).join(', ')} | ${row.median.toFixed(2)} | ≤ ${row.target} | ${passes(row) ? 'PASS' : '**FAIL**'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runStartupBench({
    quick: process.argv.includes('--quick'),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(renderStartupBench(result));
  process.exitCode = result.rows.every(passes) ? 0 : 1;
}
