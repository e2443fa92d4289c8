import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { slideBytes } from '../../test/helpers/slides.js';
import { importBuilt } from '../lib/paths.js';
import { settle } from '../lib/settle.js';

import type * as ApiModule from '../../src-main/api/index.js';
import type * as EngineModule from '../../src-main/engine/engine.js';
import type * as WatchModule from '../../src-main/watcher/watch-service.js';
import type * as DestinationModule from '../../src-main/engine/destination.js';

/** Figures of the watcher section (issue 4): enqueue speed, idle CPU, detection latency. */
export interface WatchBenchResult {
  files: number;
  enqueueSeconds: number;
  idleSeconds: number;
  idleCpuPercent: number;
  stableSeconds: number;
  detectionSeconds: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tree of small valid slides, last modified an hour ago (files that were there before the app started). */
async function makeTree(root: string, folders: number, perFolder: number): Promise<void> {
  const old = new Date(Date.now() - 3600_000);
  for (let d = 0; d < folders; d += 1) {
    const dir = path.join(root, `case-${d}`);
    await mkdir(dir, { recursive: true });
    await Promise.all(
      Array.from({ length: perFolder }, async (_, f) => {
        const file = path.join(dir, `slide-${f}.svs`);
        await writeFile(file, slideBytes(`${d}-${f}`, 16));
        await utimes(file, old, old);
      }),
    );
  }
}

/**
 * Runs in this process: the engine is not started (nothing uploads — only finding and queueing is measured), the
 * folder is watched with native events, and the clock runs from adding the folder to the last job-added event.
 */
export async function runWatchBench(options: {
  quick: boolean;
  progress: (message: string) => void;
}): Promise<WatchBenchResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-watch-bench-'));
  const [folders, perFolder] = options.quick ? [20, 50] : [100, 100];
  const idleMs = options.quick ? 10_000 : 60_000;
  const stableSeconds = options.quick ? 2 : 10;
  try {
    const tree = path.join(work, 'scanner');
    options.progress(`watcher: writing ${folders * perFolder} slides`);
    await makeTree(tree, folders, perFolder);
    await settle(undefined); // the tree's own writeback and earlier sections' leftovers are not the watcher's cost
    // The compiled app, as it runs for a lab (all four from dist/node, so their classes are one set).
    const [{ createApiClient }, { UploadEngine }, { WatchService }, { serverDestination }] =
      await Promise.all([
        importBuilt<typeof ApiModule>('src-main/api/index.js'),
        importBuilt<typeof EngineModule>('src-main/engine/engine.js'),
        importBuilt<typeof WatchModule>('src-main/watcher/watch-service.js'),
        importBuilt<typeof DestinationModule>('src-main/engine/destination.js'),
      ]);
    const engine = new UploadEngine({
      stateDir: path.join(work, 'state'),
      api: createApiClient({ baseUrl: 'http://127.0.0.1:9' }),
      destination: serverDestination('http://127.0.0.1:9'),
    });
    const service = new WatchService({ engine, isNetworkFolder: async () => false });
    const added = new Map<string, number>();
    engine.on((event) => {
      if (event.type === 'job-added') added.set(event.job.sourcePath, Date.now());
    });
    try {
      const started = Date.now();
      await service.add({ path: tree, metadata: { userid: 19 }, stableSeconds }, { persist: false });
      while (added.size < folders * perFolder && Date.now() - started < 120_000) await sleep(20);
      const enqueueSeconds = (Math.max(...added.values()) - started) / 1000;
      options.progress(
        `watcher: ${added.size} files queued in ${enqueueSeconds.toFixed(2)} s; measuring idle CPU for ${idleMs / 1000} s`,
      );

      await sleep(2000); // let the scan's last timers finish
      const cpuBefore = process.cpuUsage();
      const idleStart = Date.now();
      await sleep(idleMs);
      const cpu = process.cpuUsage(cpuBefore);
      const idleSeconds = (Date.now() - idleStart) / 1000;
      const idleCpuPercent = ((cpu.user + cpu.system) / 1e6 / idleSeconds) * 100;

      const detectionSeconds: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const file = path.join(tree, `new-${i}.svs`);
        const written = Date.now();
        await writeFile(file, slideBytes(`new-${i}`, 64));
        while (!added.has(file) && Date.now() - written < (stableSeconds + 30) * 1000) await sleep(10);
        detectionSeconds.push(((added.get(file) ?? Number.NaN) - written) / 1000);
        options.progress(
          `watcher: new slide ${i + 1} queued after ${detectionSeconds.at(-1)!.toFixed(2)} s (window ${stableSeconds} s)`,
        );
      }
      return {
        files: added.size - 3,
        enqueueSeconds,
        idleSeconds,
        idleCpuPercent,
        stableSeconds,
        detectionSeconds,
      };
    } finally {
      await service.close();
      await engine.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The results.md section. */
export function renderWatchBench(result: WatchBenchResult): string {
  const worstDetection = Math.max(...result.detectionSeconds);
  const rows: Array<[string, string, string, boolean]> = [
    [
      `${result.files.toLocaleString('en')} existing files in a watched tree enqueued`,
      `${result.enqueueSeconds.toFixed(2)} s`,
      '≤ 5 s',
      result.enqueueSeconds <= 5,
    ],
    [
      `idle CPU over ${Math.round(result.idleSeconds)} s, nothing changing (native events)`,
      `${result.idleCpuPercent.toFixed(2)} %`,
      '≤ 1 %',
      result.idleCpuPercent <= 1,
    ],
    [
      `a new complete file queued (worst of ${result.detectionSeconds.length}: ${result.detectionSeconds.map((s) => s.toFixed(2)).join(', ')} s)`,
      `${worstDetection.toFixed(2)} s`,
      `≤ window ${result.stableSeconds} s + 1 s`,
      worstDetection <= result.stableSeconds + 1,
    ],
  ];
  return [
    '## (w) Watch folders — ' + (rows.every((row) => row[3]) ? 'PASS' : 'FAIL'),
    '',
    '- In the bench process (after `sync` and a quiet machine, as for the comparisons), running the compiled app (`dist/node`, as `npm start` and the CLI do): an engine that is not started (only finding, checking and queueing is measured) and a watch service on a fresh tree of small valid slides (Aperio-style tiled TIFFs) last modified an hour earlier, so they are found by the catch-up scan; native events; slide QC (structure and compression codes; the pixel decode is left to the engine, before each upload) and content fingerprints run for every file.',
    "- Idle CPU is this process's user + system time over the interval, after the scan has settled.",
    '- Detection: a complete slide is written at once; the time runs until the engine reports the job added.',
    '',
    '| figure | measured | target | result |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      ([name, measured, target, pass]) =>
        `| ${name} | ${measured} | ${target} | ${pass ? 'PASS' : '**FAIL**'} |`,
    ),
    '',
  ].join('\n');
}
