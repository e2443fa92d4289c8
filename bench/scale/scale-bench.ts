/**
 * Scale (issue 12 item 5): does a queue of 10,000 jobs stay as fast as one of 10? Each figure is measured on a
 * queue of 10 and of 10,000 jobs (`queue` also on 1,000): the compiled `queue` command, the engine's scheduler
 * choosing and starting the next job, its per-tick progress work, the UI's store applying job events, and the
 * browser UI (the real browser host in headless Chromium) showing the queue and scrolling it.
 * `npm run bench -- --only scale` runs only these rows.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { SETTINGS_VERSION } from '../../src-shared/app/index.js';
import type { JobView } from '../../src-shared/engine/index.js';
import { openQueueDatabase } from '../../src-main/engine/db/queue-database.js';
import { sandboxDestination } from '../../src-main/engine/destination.js';
import { JobStore } from '../../src-main/engine/job-store.js';
import { ProgressTracker } from '../../src-main/engine/progress.js';
import { Scheduler } from '../../src-main/engine/scheduler.js';
import { startBrowserHost } from '../../src-main/host/browser-host.js';
import { flushQueueEvents, useQueueStore } from '../../src-renderer/stores/queue-store.js';
import { median, timeCli } from '../startup/startup-bench.js';

const SMALL = 10;
const LARGE = 10_000;
/** The queue of issue 12's start-up target. */
const MIDDLE = 1_000;
/** How much slower the 10,000-job queue may be than the 10-job one, where the work need not grow with it. */
const SAME_SPEED = 1.5;
/** `queue` prints every job: 1,000× the lines cannot cost nothing, so its target is absolute. */
const QUEUE_LARGE_TARGET_S = 1.0;
const QUEUE_MIDDLE_TARGET_S = 0.3;
/** A server the seeded jobs belong to in the UI's state dir (none is set there: nothing uploads, all are held). */
const UI_JOBS_SERVER = 'https://scale-bench.example/api';
const CHROMIUM = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';

export interface ScaleRow {
  what: string;
  unit: 's' | 'ms';
  /** Medians at 10, 1,000 (where measured) and 10,000 jobs. */
  small?: number;
  middle?: number;
  large: number;
  /**
   * 'ratio': the 10,000-job figure ≤ SAME_SPEED × the one at `base` jobs (10, or 1,000 where 10 jobs cannot show
   * it: a list of 10 does not scroll); 'absolute': 10,000 ≤ limit (and 1,000 ≤ middleLimit).
   */
  target:
    { kind: 'ratio'; base: 'small' | 'middle' } | { kind: 'absolute'; limit: number; middleLimit?: number };
  note?: string;
}

export interface ScaleResult {
  rows: ScaleRow[];
  loadAverage: number[];
}

/** `count` jobs of `server` in the queue of `stateDir`, written by the engine's own job store in one transaction. */
function seedJobs(stateDir: string, count: number, server: string): void {
  const db = openQueueDatabase(stateDir);
  try {
    new JobStore(db, server, () => undefined).add(
      Array.from({ length: count }, (_, index) => ({
        sourcePath: `/scans/2026-12-07/CASE-${String(index).padStart(5, '0')}.svs`,
        fileName: `CASE-${String(index).padStart(5, '0')}.svs`,
        size: 1_500_000_000 + index,
        mtimeMs: Date.now(),
        metadata: { userid: 19, patient_id: 1000 + (index % 97) },
        server,
      })),
    );
  } finally {
    db.close();
  }
}

async function newStateDir(work: string, name: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** `queue` of the compiled CLI (bin/pathomiq-uploader.js), wall clock, median of `runs`. */
async function queueSeconds(work: string, count: number, runs: number): Promise<number> {
  const stateDir = await newStateDir(work, `queue-${count}`);
  seedJobs(stateDir, count, sandboxDestination(path.join(stateDir, 'sandbox')));
  const args = ['--state-dir', stateDir, '--user', '19', 'queue'];
  // The first run writes the queue's backup (and any migration): what every later run finds done.
  const first = await timeCli(args);
  const lines = first.stdout.split('\n').filter((line) => line.startsWith('#')).length;
  if (first.code !== 0 || lines !== count)
    throw new Error(`queue listed ${lines} of ${count} jobs (exit ${first.code}): ${first.stderr}`);
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) seconds.push((await timeCli(args)).seconds);
  return median(seconds);
}

/** Milliseconds `work` takes, median of `repeats` (each after `prepare`, which is not timed). */
function medianMs(repeats: number, prepare: () => void, work: () => void): number {
  const times: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    prepare();
    const startedAt = performance.now();
    work();
    times.push(performance.now() - startedAt);
  }
  return median(times);
}

/**
 * The engine's scheduler over a real queue of `count` queued jobs, 4 files at once: one running job ends (paused,
 * as a person would), and the pass that follows picks and starts the next one. Also the progress tick's work
 * (counts by state and the queue totals, sent ≤ 10 times a second while uploading).
 */
async function engineMs(
  work: string,
  count: number,
  repeats: number,
): Promise<{ pick: number; tick: number; recount: number }> {
  const stateDir = await newStateDir(work, `engine-${count}`);
  const destination = sandboxDestination(path.join(stateDir, 'sandbox'));
  seedJobs(stateDir, count, destination);
  const db = openQueueDatabase(stateDir);
  try {
    const store = new JobStore(db, destination, () => undefined);
    const running = new Set<number>();
    const launched: number[] = [];
    const scheduler = new Scheduler({
      store,
      destination,
      capacity: () => 4,
      running: () => running,
      launch: (jobId) => {
        running.add(jobId);
        launched.push(jobId);
      },
    });
    scheduler.start();
    scheduler.pump();
    const pick = medianMs(
      Math.min(repeats, count - 4),
      () => {
        const ended = running.values().next().value!;
        store.transition(ended, ['queued'], 'paused');
        running.delete(ended);
      },
      () => scheduler.pump(),
    );
    scheduler.stop();
    if (launched.length !== 4 + Math.min(repeats, count - 4))
      throw new Error(`the scheduler started ${launched.length} jobs, not one per ended job`);

    const progress = new ProgressTracker(
      () => undefined,
      () => store.countByState(destination),
    );
    progress.seed(store.visibleViews());
    const tick = medianMs(
      repeats,
      () => undefined,
      () => progress.flush(),
    );
    progress.close();
    // After a job changes state (or on the 2 s heartbeat) a tick reads the counts again: an index-only scan.
    const recount = medianMs(
      repeats,
      () => undefined,
      () => store.countByState(destination),
    );
    return { pick, tick, recount };
  } finally {
    db.close();
  }
}

/** A job as the engine sends it, for the UI's store. */
const jobView = (id: number, bytesDone = 0): JobView => ({
  id,
  sourcePath: `/scans/CASE-${id}.svs`,
  fileName: `CASE-${id}.svs`,
  size: 1_500_000_000,
  state: 'uploading',
  metadata: { userid: 19 },
  priority: 0,
  imageId: null,
  imageUniqueId: null,
  mode: 'multipart',
  partSize: 64 * 1024 * 1024,
  bytesDone,
  sha256: null,
  attempts: 1,
  error: null,
  retryAt: null,
  createdAt: 0,
  updatedAt: 0,
  finishedAt: null,
  watchFolderId: null,
  destination: 'https://example.org/api',
  elsewhere: false,
  duplicateOf: null,
  memberCount: null,
});

/**
 * The UI's queue store (zustand, as in the window): the snapshot of `count` jobs, then 1,000 job events, applied
 * (the store applies events together once per frame: the time counts until they are in its state).
 */
function storeMs(count: number): { load: number; events: number } {
  const jobs = Array.from({ length: count }, (_, index) => jobView(index + 1));
  const snapshot = { jobs, totals: null, hold: null, runner: null };
  const load = medianMs(
    5,
    () => undefined,
    () => useQueueStore.getState().load(snapshot),
  );
  const events = medianMs(
    5,
    () => useQueueStore.getState().load(snapshot),
    () => {
      for (let event = 0; event < 1000; event++)
        useQueueStore.getState().upsert(jobView((event % count) + 1, event));
      flushQueueEvents();
    },
  );
  return { load, events };
}

// Strings, not functions: this project's Node-side TypeScript has no DOM types.
const QUEUE_GRID = '[role="grid"][aria-label="Upload queue"]';
/** Every job of the list has arrived: the toolbar no longer counts any as "still loading". */
const EVERY_JOB_IN = '.queue-toolbar__counts';
const SCRIPTED_SCROLL = `(async () => {
  const grid = document.querySelector('${QUEUE_GRID}');
  grid.scrollTop = 0;
  const times = [];
  let last = await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < 120; i += 1) {
    grid.scrollTop += 180;
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    times.push(now - last);
    last = now;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)] };
})()`;

/**
 * The browser host over a state dir with `count` jobs (no server set: the queue is shown, nothing uploads), and a
 * fresh page each run: from navigation to the first queue row on screen with the whole list counted (every job's
 * place: `aria-rowcount`), then to every job's details in (the list comes by page), then a scripted scroll (frame
 * times).
 */
async function uiMs(
  browser: Browser,
  work: string,
  count: number,
  runs: number,
): Promise<{ firstRender: number; complete: number; frame: number; frameP95: number }> {
  const stateDir = await newStateDir(work, `ui-${count}`);
  await writeFile(
    path.join(stateDir, 'app-settings.json'),
    JSON.stringify({
      settingsVersion: SETTINGS_VERSION,
      useSandbox: false,
      serverUrl: '',
      userId: 19,
      notifications: false,
    }),
  );
  seedJobs(stateDir, count, UI_JOBS_SERVER);
  const host = await startBrowserHost({ stateDir, warn: () => undefined });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const firstRender: number[] = [];
    const complete: number[] = [];
    const frames: Array<{ median: number; p95: number }> = [];
    for (let run = 0; run < runs + 1; run++) {
      const page = await context.newPage();
      const startedAt = performance.now();
      await page.goto(host.url);
      await page
        .locator(`${QUEUE_GRID}[aria-rowcount="${count}"] [data-testid="queue-row"]`)
        .first()
        .waitFor({
          timeout: 60_000,
        });
      const seconds = (performance.now() - startedAt) / 1000;
      // Listed by page: the rows' details keep arriving after the first screen. Scrolled once all are in, as
      // before paging (when the first row came with the whole list).
      await page.locator(EVERY_JOB_IN, { hasNotText: 'still loading' }).waitFor({ timeout: 60_000 });
      const everyJob = (performance.now() - startedAt) / 1000;
      frames.push((await page.evaluate(SCRIPTED_SCROLL)) as { median: number; p95: number });
      await page.close();
      // The first page warms the host and the browser's cache: what a window opened again finds.
      if (run > 0) {
        firstRender.push(seconds);
        complete.push(everyJob);
      }
    }
    return {
      firstRender: median(firstRender),
      complete: median(complete),
      frame: median(frames.slice(1).map((figure) => figure.median)),
      frameP95: median(frames.slice(1).map((figure) => figure.p95)),
    };
  } finally {
    await context.close();
    await host.close();
  }
}

export async function runScaleBench(options: {
  quick: boolean;
  runs?: number | undefined;
  progress: (message: string) => void;
}): Promise<ScaleResult> {
  const runs = Math.max(options.runs ?? (options.quick ? 3 : 5), options.quick ? 1 : 3);
  const loadAverage = os.loadavg();
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-scale-'));
  try {
    const queue: Record<number, number> = {};
    for (const count of [SMALL, MIDDLE, LARGE]) {
      options.progress(`scale: \`queue\` of ${count} jobs × ${runs}`);
      queue[count] = await queueSeconds(work, count, runs);
    }
    options.progress('scale: scheduler and progress tick');
    const engine = { small: await engineMs(work, SMALL, 200), large: await engineMs(work, LARGE, 200) };
    options.progress('scale: the UI store');
    const store = { small: storeMs(SMALL), large: storeMs(LARGE) };
    options.progress(`scale: the browser UI × ${runs}`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    type UiFigures = Awaited<ReturnType<typeof uiMs>>;
    let ui: { small: UiFigures; middle: UiFigures; large: UiFigures };
    try {
      ui = {
        small: await uiMs(browser, work, SMALL, runs),
        middle: await uiMs(browser, work, MIDDLE, runs),
        large: await uiMs(browser, work, LARGE, runs),
      };
    } finally {
      await browser.close();
    }
    return {
      loadAverage,
      rows: [
        {
          what: '`queue` (compiled CLI, wall clock)',
          unit: 's',
          small: queue[SMALL]!,
          middle: queue[MIDDLE]!,
          large: queue[LARGE]!,
          target: { kind: 'absolute', limit: QUEUE_LARGE_TARGET_S, middleLimit: QUEUE_MIDDLE_TARGET_S },
          note: 'prints every job: 10,000 lines',
        },
        {
          what: 'engine: a job ends → the scheduler picks and starts the next',
          unit: 'ms',
          small: engine.small.pick,
          large: engine.large.pick,
          target: { kind: 'ratio', base: 'small' },
        },
        {
          what: 'engine: one progress tick (counts by state + queue totals, ≤ 10/s)',
          unit: 'ms',
          small: engine.small.tick,
          large: engine.large.tick,
          target: { kind: 'ratio', base: 'small' },
        },
        {
          what: 'engine: counts by state read again (after a job changes state, or every 2 s)',
          unit: 'ms',
          small: engine.small.recount,
          large: engine.large.recount,
          target: { kind: 'absolute', limit: 2 },
          note: 'an index-only scan: grows with the queue, not read per tick',
        },
        {
          what: 'UI store: 1,000 job events applied',
          unit: 'ms',
          small: store.small.events,
          large: store.large.events,
          target: { kind: 'ratio', base: 'small' },
        },
        {
          what: 'UI store: the snapshot loaded',
          unit: 'ms',
          small: store.small.load,
          large: store.large.load,
          target: { kind: 'absolute', limit: 100 },
          note: 'one pass over the jobs, once per window',
        },
        {
          what: 'browser UI: navigation → first queue row, whole list counted',
          unit: 's',
          small: ui.small.firstRender,
          middle: ui.middle.firstRender,
          large: ui.large.firstRender,
          target: { kind: 'ratio', base: 'small' },
          note: `first 200 jobs and every id; every job's details in after ${[ui.small, ui.middle, ui.large].map((figure) => figure.complete.toFixed(2)).join(' / ')} s`,
        },
        {
          what: 'browser UI: scrolling the queue, median frame',
          unit: 'ms',
          middle: ui.middle.frame,
          large: ui.large.frame,
          // A list of 10 fits the window: it does not scroll, so 1,000 is the base.
          target: { kind: 'ratio', base: 'middle' },
          note: `p95 ${ui.middle.frameP95.toFixed(1)} / ${ui.large.frameP95.toFixed(1)} ms`,
        },
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The figure the 10,000-job one is compared with. */
const baseOf = (row: ScaleRow): number | undefined =>
  row.target.kind === 'ratio' ? row[row.target.base] : row.small;

export function scaleRowPasses(row: ScaleRow): boolean {
  if (row.target.kind === 'ratio') return row.large <= SAME_SPEED * (baseOf(row) ?? 0);
  return (
    row.large <= row.target.limit &&
    (row.middle === undefined || row.middle <= (row.target.middleLimit ?? Infinity))
  );
}

const figure = (value: number | undefined, unit: ScaleRow['unit']) =>
  value === undefined
    ? ''
    : `${unit === 's' ? value.toFixed(2) : value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;

function targetText(row: ScaleRow): string {
  if (row.target.kind === 'ratio')
    return `10,000 ≤ ${SAME_SPEED}× ${row.target.base === 'small' ? '10' : '1,000'}`;
  const middle =
    row.target.middleLimit !== undefined ? `1,000 ≤ ${row.target.middleLimit} ${row.unit}; ` : '';
  return `${middle}10,000 ≤ ${row.target.limit} ${row.unit}`;
}

export function renderScaleBench(result: ScaleResult): string {
  const pass = result.rows.every(scaleRowPasses);
  return [
    `## (scale) 10 vs 10,000 jobs — ${pass ? 'PASS' : 'FAIL'}`,
    '',
    `- Load average at the start: ${result.loadAverage.map((value) => value.toFixed(2)).join(' / ')} (2 cores).`,
    '- Ratios compare with 10 jobs, or with 1,000 where 10 cannot show the figure (a list of 10 does not scroll).',
    "- `queue`: `bin/pathomiq-uploader.js` (compiled, its shebang flags) on the embedded sandbox's queue, wall clock from spawn to exit, median of the runs after a first one. Engine: the real job store and scheduler over the real SQLite file, in the bench process, median of 200. UI store: the renderer's zustand store in Node, median of 5. Browser UI: the browser host (no server set, so nothing uploads and every job shows as held) in headless Chromium (`--no-sandbox --disable-gpu`), a fresh page per run after one warm-up, 120 frames of scripted scrolling (180 px a frame).",
    '',
    '| what | 10 jobs | 1,000 jobs | 10,000 jobs | 10,000 / base | target | result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (row) =>
        `| ${row.what}${row.note ? ` (${row.note})` : ''} | ${figure(row.small, row.unit)} | ${figure(row.middle, row.unit)} | ${figure(row.large, row.unit)} | ${(row.large / (baseOf(row) ?? Number.NaN)).toFixed(2)} | ${targetText(row)} | ${scaleRowPasses(row) ? 'PASS' : '**FAIL**'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runScaleBench({
    quick: process.argv.includes('--quick'),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(renderScaleBench(result));
  process.exitCode = result.rows.every(scaleRowPasses) ? 0 : 1;
}
