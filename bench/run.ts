/**
 * The benchmark suite: `npm run bench [-- --quick] [-- --only a,b] [-- --runs N] [-- --keep-files]`.
 * Progress goes to stderr, the summary table to stdout, everything to bench/results.md. Exits 0 when every
 * comparison could be measured (whether or not it met its target), 1 when the harness or a reference tool broke
 * (or one is missing), 2 on a usage error, 130 when interrupted (Ctrl-C; results.md is then left as it was).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uploadFlags } from './clients/pathomiq-cli.js';
import { COMPARISONS } from './comparisons/index.js';
import { renderPixelQcBench, runPixelQcBench } from './pixel-qc.js';
import { renderSlideZipBench, runSlideZipBench } from './slide-zip.js';
import { renderSpeedBench, runSpeedBench } from './speed-eta.js';
import type { Tool } from './comparisons/types.js';
import { cleanUpOnSignals, onCleanup, runCleanup, wasInterrupted } from './lib/cleanup.js';
import { elapsedSeconds, progress } from './lib/log.js';
import { machineBusySeconds, ownCpuSecondsWithChildren } from './lib/machine-cpu.js';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './lib/options.js';
import { BENCH_TMP, RESULTS_FILE } from './lib/paths.js';
import { TestFiles } from './lib/test-files.js';
import { describeMachine } from './report/machine.js';
import { renderResults, renderSummary, type ComparisonReport } from './report/markdown.js';
import { runComparison } from './run-comparison.js';
import { renderScaleBench, runScaleBench } from './scale/scale-bench.js';
import { renderStartupBench, runStartupBench } from './startup/startup-bench.js';
import { renderWatchBench, runWatchBench } from './watcher/watch-bench.js';

async function main(options: BenchOptions): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const cpuAtStart = { machine: await machineBusySeconds(), ours: await ownCpuSecondsWithChildren() };
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-bench-'));
  onCleanup(() => rm(work, { recursive: true, force: true }));
  progress(`temp dir ${work}`);

  const machine = await describeMachine(work);
  progress(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; disk ${machine.diskWriteMiBps.toFixed(0)} MiB/s`,
  );
  const flags = await uploadFlags();
  if (flags.length > 0)
    progress(`every measured upload gets ${flags.join(' ')} (random bytes are not slides)`);
  const installed = new Set<Tool>();
  if (machine.curl) installed.add('curl');
  if (machine.rclone) installed.add('rclone');

  const files = new TestFiles(
    options.keepFiles ? path.join(BENCH_TMP, 'files') : path.join(work, 'files'),
    options.keepFiles,
  );
  const selected = options.only
    ? COMPARISONS.filter((comparison) => options.only!.includes(comparison.id))
    : COMPARISONS.filter((comparison) => !comparison.optIn);
  const reports: ComparisonReport[] = [];
  for (const comparison of selected) {
    const runs = options.runs ?? (options.quick ? 1 : comparison.fullRuns);
    const report = await runComparison(comparison, { work, files, runs, quick: options.quick }, installed);
    if (wasInterrupted()) return 130; // cut short by Ctrl-C: its figures mean nothing, and results.md stays as it was
    reports.push(report);
  }

  // The watch-folder section (issue 4) runs in this process: no reference tool, no sandbox.
  const watch =
    !options.only || options.only.includes('w')
      ? await runWatchBench({ quick: options.quick, progress })
      : undefined;
  // Pixel QC and the slide ZIP (issue 10) run in this process too.
  const pixelQc =
    !options.only || options.only.includes('p')
      ? await runPixelQcBench({ quick: options.quick, progress })
      : undefined;
  const slideZip =
    !options.only || options.only.includes('z')
      ? await runSlideZipBench({ quick: options.quick, progress })
      : undefined;
  // Speed and ETA under --limit-rate (issue 12): the compiled CLI against a sandbox process, judged on its own numbers.
  const speed =
    !options.only || options.only.includes('eta')
      ? await runSpeedBench({ quick: options.quick, progress })
      : undefined;
  // Start-up (issue 12): the compiled CLI as its own process, against a sandbox process behind a proxy.
  const startup =
    !options.only || options.only.includes('startup')
      ? await runStartupBench({ quick: options.quick, runs: options.runs, progress })
      : undefined;
  // Scale (issue 12 item 5): 10 vs 10,000 jobs — `queue`, the scheduler, the UI store and the browser UI.
  const scale =
    !options.only || options.only.includes('scale')
      ? await runScaleBench({ quick: options.quick, runs: options.runs, progress })
      : undefined;
  const sections = [
    watch && renderWatchBench(watch),
    pixelQc && renderPixelQcBench(pixelQc),
    slideZip && renderSlideZipBench(slideZip),
    speed && renderSpeedBench(speed),
    startup && renderStartupBench(startup),
    scale && renderScaleBench(scale),
  ].filter(Boolean);

  // Everything our processes used is in ownCpuSecondsWithChildren (children reaped by now); the rest was others'.
  const machineCpu = (await machineBusySeconds()) - cpuAtStart.machine;
  const ourCpu = (await ownCpuSecondsWithChildren()) - cpuAtStart.ours;
  const load = { loadAtStart, otherCpuSeconds: Math.max(0, machineCpu - ourCpu) };
  const command = [
    'npm run bench',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' ');
  const markdown = renderResults({
    startedAt,
    durationSeconds: elapsedSeconds(),
    command,
    quick: options.quick,
    machine,
    tempDir: os.tmpdir(),
    uploadFlags: flags,
    load,
    reports,
  });
  await writeFile(RESULTS_FILE, `${[markdown.trimEnd(), ...sections].join('\n\n').trimEnd()}\n`);
  progress(`wrote ${RESULTS_FILE}`);
  process.stdout.write(`${renderSummary(reports)}\n${sections.map((section) => `\n${section}`).join('')}`);
  const broken = reports.filter((report) => report.status === 'ERROR' || report.status === 'SKIPPED');
  return broken.length > 0 ? 1 : 0;
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.message) process.stderr.write(`${error.message}\n\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(error.message ? 2 : 0);
}
cleanUpOnSignals();
let code = 1;
try {
  code = await main(options);
} catch (error) {
  process.stderr.write(
    `benchmark harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
} finally {
  progress('cleaning up…');
  await runCleanup();
}
// Keep-alive sockets of the verification downloads would hold the process open for a while.
process.exit(code);
