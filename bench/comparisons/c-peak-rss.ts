import path from 'node:path';
import { expectSuccess, runUpload, uploadedJobs } from '../clients/pathomiq-cli.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { StoredObjects } from '../lib/stored-object.js';
import type { SourceFile } from '../lib/test-files.js';
import { fixed, formatMB, formatMiB, formatSize, GiB, MB, median, mibPerSecond, MiB } from '../lib/units.js';
import { runAlternating, type Side, type SideRun } from './alternating.js';
import { MultipartDefaults } from './multipart-defaults.js';
import type { Comparison, Table } from './types.js';
import { VerificationTally } from './verification-tally.js';

const RSS_LIMIT = 150 * MB;
const RSS_SPREAD = 0.1;

function rssTable(sides: ReadonlyArray<{ source: SourceFile; runs: SideRun[] }>): Table {
  return {
    headers: [
      'upload',
      'peak RSS per run (MB)',
      'median peak RSS',
      'median wall (s)',
      'MiB/s',
      'client CPU (s)',
      'other CPU (s)',
    ],
    rows: sides.map(({ source, runs }) => {
      const peak = median(runs.map((run) => run.peakRssBytes));
      const wall = median(runs.map((run) => run.wallSeconds));
      return [
        formatSize(source.size),
        runs.map((run) => fixed(run.peakRssBytes / MB, 1)).join(', '),
        `${formatMB(peak)} (${formatMiB(peak)})`,
        fixed(wall),
        fixed(mibPerSecond(source.size, wall), 1),
        fixed(median(runs.map((run) => run.cpuSeconds))),
        fixed(median(runs.map((run) => run.otherCpuSeconds))),
      ];
    }),
  };
}

export const peakRss: Comparison = {
  id: 'c',
  title: 'Memory: peak RSS of the CLI, large vs small file',
  needs: [],
  fullRuns: 3,
  async run(ctx) {
    const large = await ctx.files.single(ctx.quick ? 256 * MiB : 4 * GiB);
    const small = await ctx.files.single(ctx.quick ? 32 * MiB : 256 * MiB);
    return withSandboxProcess(ctx.work, 'sandbox-c', async (sandbox) => {
      const tally = new VerificationTally(new StoredObjects(sandbox.s3, sandbox.credentials));
      const defaults = new MultipartDefaults();
      const side = (source: SourceFile): Side => {
        const label = `PathomIQ multipart, ${formatSize(source.size)}`;
        return {
          label,
          inputs: [source.path],
          async measure(index) {
            const stateDir = path.join(ctx.work, `state-c-${source.size}-${index}`);
            const run = await runUpload({ server: sandbox.api, stateDir }, [
              source.path,
              '--mode',
              'multipart',
            ]);
            expectSuccess(run, `upload --mode multipart (${formatSize(source.size)})`);
            const jobs = uploadedJobs(run);
            defaults.record(jobs);
            return {
              run,
              verify: () =>
                tally.ours(
                  label,
                  jobs.map((job) => ({ key: job.imageUniqueId ?? '?', source })),
                ),
            };
          },
        };
      };
      const [largeRuns, smallRuns] = await runAlternating('c', sandbox, [side(large), side(small)], ctx.runs);
      const largePeak = median(largeRuns.map((run) => run.peakRssBytes));
      const smallPeak = median(smallRuns.map((run) => run.peakRssBytes));
      const ratio = largePeak / smallPeak;
      return {
        method: [
          `${formatSize(large.size)} and ${formatSize(small.size)} files, ${ctx.runs} run(s) each, alternating order, multipart mode with defaults (${await defaults.describe()}).`,
          "Peak RSS: the CLI process's `VmHWM` from `/proc/<pid>/status`, polled every 20 ms until exit (the last value read; VmHWM only grows). The sandbox is a separate process and not counted.",
          'MB = 10⁶ bytes (the stricter reading of "150 MB"); MiB in parentheses.',
        ],
        tables: [
          rssTable([
            { source: large, runs: largeRuns },
            { source: small, runs: smallRuns },
          ]),
        ],
        verdicts: [
          {
            metric: `peak RSS uploading ${formatSize(large.size)} (median)`,
            measured: formatMB(largePeak),
            target: `≤ ${formatMB(RSS_LIMIT, 0)}`,
            pass: largePeak <= RSS_LIMIT,
          },
          {
            metric: `peak RSS ${formatSize(large.size)} / peak RSS ${formatSize(small.size)}`,
            measured: fixed(ratio, 3),
            target: `within ±${RSS_SPREAD * 100} % (${fixed(1 - RSS_SPREAD)}–${fixed(1 + RSS_SPREAD)})`,
            pass: Math.abs(ratio - 1) <= RSS_SPREAD,
          },
        ],
        notes: [tally.note()],
      };
    });
  },
};
