import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expectSuccess, runUpload, uploadedJobs } from '../clients/pathomiq-cli.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { sparseZeroFile } from '../lib/sparse-file.js';
import { StoredObjects } from '../lib/stored-object.js';
import type { SourceFile } from '../lib/test-files.js';
import { fixed, formatMB, formatMiB, formatSize, GiB, MB, median, mibPerSecond, MiB } from '../lib/units.js';
import { runAlternating, type Side, type SideRun } from './alternating.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

const RSS_LIMIT = 150 * MB;
const THROUGHPUT_SPREAD = 0.1;
/** Issue 12 item 4's target, here per further GiB. */
const CPU_PER_GIB_LIMIT = 2.5;

/**
 * Issue 12 item 5: one 10 GiB slide through multipart, against the same upload of 1 GiB — memory must not grow
 * with the file (peak RSS ≤ 150 MB) and neither may the time per byte (throughput within 10 %).
 */
export const tenGib: Comparison = {
  id: 'g',
  title: 'One 10 GiB slide through multipart: peak RSS and throughput vs 1 GiB',
  needs: [],
  fullRuns: 1,
  optIn: true,
  async run(ctx) {
    const dir = path.join(ctx.work, 'files-g');
    await mkdir(dir, { recursive: true });
    const large = await sparseZeroFile(dir, 'ten.svs', ctx.quick ? 2 * GiB : 10 * GiB);
    const small = await sparseZeroFile(dir, 'one.svs', ctx.quick ? 256 * MiB : 1 * GiB);
    return withSandboxProcess(ctx.work, 'sandbox-g', async (sandbox) => {
      const tally = new VerificationTally(new StoredObjects(sandbox.s3, sandbox.credentials));
      const side = (source: SourceFile): Side => {
        const label = `PathomIQ multipart, ${formatSize(source.size)}`;
        return {
          label,
          inputs: [source.path],
          async measure(index) {
            const stateDir = path.join(ctx.work, `state-g-${source.size}-${index}`);
            const run = await runUpload({ server: sandbox.api, stateDir }, [
              source.path,
              '--mode',
              'multipart',
            ]);
            expectSuccess(run, `upload --mode multipart (${formatSize(source.size)})`);
            const jobs = uploadedJobs(run);
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
      const [largeRuns, smallRuns] = await runAlternating('g', sandbox, [side(large), side(small)], ctx.runs);
      const speed = (source: SourceFile, runs: SideRun[]) =>
        mibPerSecond(source.size, median(runs.map((run) => run.wallSeconds)));
      const cpuPerGib = (source: SourceFile, runs: SideRun[]) =>
        median(runs.map((run) => run.cpuSeconds)) / (source.size / GiB);
      const largePeak = median(largeRuns.map((run) => run.peakRssBytes));
      const ratio = speed(large, largeRuns) / speed(small, smallRuns);
      const cpu = (runs: SideRun[]) => median(runs.map((run) => run.cpuSeconds));
      const marginalCpu = (cpu(largeRuns) - cpu(smallRuns)) / ((large.size - small.size) / GiB);
      const row = (source: SourceFile, runs: SideRun[]) => {
        const peak = median(runs.map((run) => run.peakRssBytes));
        return [
          formatSize(source.size),
          `${formatMB(peak)} (${formatMiB(peak)})`,
          fixed(median(runs.map((run) => run.wallSeconds))),
          fixed(speed(source, runs), 1),
          fixed(cpuPerGib(source, runs)),
          fixed(median(runs.map((run) => run.sandboxCpuSeconds))),
          fixed(median(runs.map((run) => run.otherCpuSeconds))),
        ];
      };
      return {
        method: [
          `${formatSize(large.size)} and ${formatSize(small.size)} sparse files of zeros (made instantly; the client's cost per byte does not depend on the values), ${ctx.runs} run(s) each, alternating order, \`upload --mode multipart\` with its defaults, against a sandbox process.`,
          "Peak RSS: the CLI's `VmHWM` (/proc, polled every 20 ms). Throughput: file size over wall clock from spawn to exit.",
          '`npm run bench -- --only g` (opt-in: it writes 11 GiB into the sandbox store).',
        ],
        tables: [
          {
            headers: [
              'upload',
              'peak RSS',
              'wall (s)',
              'MiB/s',
              'client CPU-s per GiB',
              'sandbox CPU (s)',
              'other CPU (s)',
            ],
            rows: [row(large, largeRuns), row(small, smallRuns)],
          },
        ],
        verdicts: [
          {
            metric: `peak RSS uploading ${formatSize(large.size)} (median)`,
            measured: formatMB(largePeak),
            target: `≤ ${formatMB(RSS_LIMIT, 0)}`,
            pass: largePeak <= RSS_LIMIT,
          },
          {
            metric: `throughput ${formatSize(large.size)} / ${formatSize(small.size)}`,
            measured: fixed(ratio, 3),
            target: `≥ ${fixed(1 - THROUGHPUT_SPREAD)} (within ${THROUGHPUT_SPREAD * 100} %)`,
            pass: ratio >= 1 - THROUGHPUT_SPREAD,
          },
          {
            // The same upload, 9 GiB more: what each further GiB costs once start-up, queue, API calls and the
            // final checks (paid once per file, ~1 CPU-s) are out of the figure.
            metric: `client CPU-s per GiB beyond the first (${formatSize(large.size)} − ${formatSize(small.size)}, per GiB)`,
            measured: fixed(marginalCpu),
            target: `≤ ${fixed(CPU_PER_GIB_LIMIT, 1)}`,
            pass: marginalCpu <= CPU_PER_GIB_LIMIT,
          },
        ],
        notes: [tally.note()],
      };
    });
  },
};
