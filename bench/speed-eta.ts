/**
 * Speed/ETA truth section (issue 12 item 3): three files go up with `upload --limit-rate R` (the compiled CLI, the
 * sandbox in its own process, default parts and concurrency). The speed and ETA the CLI reports (`--json`
 * progress events) are sampled at 25 %, 50 % and 75 % of the bytes acknowledged and judged against R and against
 * when the last file was really done (bench/lib/speed-truth.ts, shared with test/main/cli/true-speed.test.ts).
 * Targets: every sampled speed within ±10 % of R, every sampled ETA within ±15 % of the real time left.
 * Alone: `npx tsx bench/speed-eta.ts [--quick]` after `npm run build:node` (exit 1 on a miss).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectSuccess, runUpload } from './clients/pathomiq-cli.js';
import { withSandboxProcess } from './lib/sandbox-process.js';
import { judgeSpeedAndEta, type SpeedTruth } from './lib/speed-truth.js';
import { TestFiles } from './lib/test-files.js';
import { MiB } from './lib/units.js';

export const SPEED_TOLERANCE = 0.1;
export const ETA_TOLERANCE = 0.15;

export interface SpeedRun extends SpeedTruth {
  run: number;
}

export interface SpeedBenchResult {
  limit: number;
  fileSizes: number[];
  runs: SpeedRun[];
}

const sampleMeets = (sample: SpeedRun['samples'][number]) =>
  Math.abs(sample.speedRatio - 1) <= SPEED_TOLERANCE && Math.abs(sample.etaError) <= ETA_TOLERANCE;
const runMeets = (run: SpeedRun) => run.missing.length === 0 && run.samples.every(sampleMeets);
export const speedBenchMeets = (result: SpeedBenchResult) => result.runs.every(runMeets);

export async function runSpeedBench(options: {
  quick: boolean;
  progress: (message: string) => void;
}): Promise<SpeedBenchResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-speed-bench-'));
  try {
    const limit = 8 * MiB;
    // Different sizes, so files finish one after another and the last one runs alone.
    const fileSizes = options.quick ? [32 * MiB, 48 * MiB, 64 * MiB] : [64 * MiB, 96 * MiB, 128 * MiB];
    const runCount = options.quick ? 1 : 2;
    const files = new TestFiles(path.join(work, 'files'), false);
    const sources = await Promise.all(fileSizes.map((size) => files.single(size)));
    const runs: SpeedRun[] = [];
    for (let run = 1; run <= runCount; run += 1) {
      options.progress(
        `speed/ETA: run ${run}/${runCount}, 3 files (${fileSizes.map((s) => s / MiB).join(' + ')} MiB) at --limit-rate ${limit / MiB}M`,
      );
      const upload = await withSandboxProcess(work, `sandbox-${run}`, (sandbox) =>
        runUpload({ server: sandbox.api, stateDir: path.join(work, `state-${run}`) }, [
          '--limit-rate',
          `${limit / MiB}M`,
          ...sources.map((source) => source.path),
        ]),
      );
      expectSuccess(upload, 'upload --limit-rate');
      const truth = judgeSpeedAndEta(upload.lines, limit);
      runs.push({ run, ...truth });
      for (const sample of truth.samples)
        options.progress(
          `  at ${(sample.fraction * 100).toFixed(0)} %: speed ${(sample.speedRatio * 100).toFixed(1)} % of the limit, ETA ${sample.eta} s vs ${sample.actual.toFixed(1)} s (${(sample.etaError * 100).toFixed(1)} %)`,
        );
    }
    return { limit, fileSizes, runs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;

export function renderSpeedBench(result: SpeedBenchResult): string {
  const pass = speedBenchMeets(result);
  const rows = result.runs.flatMap((run) => [
    ...run.samples.map(
      (sample) =>
        `| ${run.run} | ${(sample.fraction * 100).toFixed(0)} % | ${((sample.speedRatio * result.limit) / MiB).toFixed(2)} MiB/s | ${percent(sample.speedRatio - 1)} | ${sample.eta} s | ${sample.actual.toFixed(1)} s | ${percent(sample.etaError)} | ${sampleMeets(sample) ? 'PASS' : '**FAIL**'} |`,
    ),
    ...run.missing.map(
      (fraction) =>
        `| ${run.run} | ${(fraction * 100).toFixed(0)} % | (still estimating) | | | | | **FAIL** |`,
    ),
  ]);
  return [
    `## (s) Speed and ETA shown vs the truth — ${pass ? 'PASS' : 'FAIL'}`,
    '',
    `- \`upload --limit-rate ${result.limit / MiB}M\` of 3 files (${result.fileSizes.map((s) => s / MiB).join(' + ')} MiB; default 8 MiB parts, 4 in flight), the sandbox in its own process. The CLI's reported total speed and ETA (its \`--json\` progress events) sampled at 25/50/75 % of the bytes storage acknowledged; "real" is the time from that event to the last file done (engine clock). Targets: speed within ±${SPEED_TOLERANCE * 100} % of the limit, ETA within ±${ETA_TOLERANCE * 100} % of the real time left.`,
    ...result.runs.map(
      (run) =>
        `- Run ${run.run}: transfer ${run.transferSeconds.toFixed(1)} s, mean rate ${((run.meanRatio * result.limit) / MiB).toFixed(2)} MiB/s (${(run.meanRatio * 100).toFixed(0)} % of the limit, start-up and finishing included); "estimating…" for ${run.estimatingSeconds?.toFixed(1) ?? '—'} s before the first ETA.`,
    ),
    '',
    '| run | at | reported speed | vs limit | reported ETA | real time left | ETA error | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runSpeedBench({
    quick: process.argv.includes('--quick'),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(renderSpeedBench(result));
  process.exit(speedBenchMeets(result) ? 0 : 1);
}
