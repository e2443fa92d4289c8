import { Rclone } from '../clients/rclone.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { StoredObjects } from '../lib/stored-object.js';
import { formatSize, GiB, MiB } from '../lib/units.js';
import { runAlternating, type Side } from './alternating.js';
import { ourUploadSide, stateDirPrefix } from './our-upload-side.js';
import { atLeast, throughputRatio, throughputTable } from './summaries.js';
import { MultipartDefaults } from './multipart-defaults.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

const OURS = 'PathomIQ `upload --mode multipart`';
const RCLONE = '`rclone copyto`';

export const multipartVsRclone: Comparison = {
  id: 'b',
  title: 'Multipart: PathomIQ vs rclone copyto',
  needs: ['rclone'],
  fullRuns: 3,
  async run(ctx) {
    const source = await ctx.files.single(ctx.quick ? 64 * MiB : GiB);
    return withSandboxProcess(ctx.work, 'sandbox-b', async (sandbox) => {
      const tally = new VerificationTally(new StoredObjects(sandbox.s3, sandbox.credentials));
      const rclone = await Rclone.forStore(ctx.work, sandbox.s3, sandbox.credentials);
      const defaults = new MultipartDefaults();
      const ours = ourUploadSide({
        label: OURS,
        mode: 'multipart',
        source,
        server: sandbox.api,
        stateDirPrefix: stateDirPrefix(ctx.work, 'b'),
        tally,
        onJobs: (jobs) => defaults.record(jobs),
      });
      const reference: Side = {
        label: RCLONE,
        inputs: [source.path],
        async measure(index) {
          const key = `bench-b/run-${index + 1}/${source.name}`;
          const run = await rclone.copyto(source.path, key);
          return { run, verify: () => tally.reference(RCLONE, [{ key, source }]) };
        },
      };
      const [ourRuns, rcloneRuns] = await runAlternating('b', sandbox, [ours, reference], ctx.runs);
      return {
        method: [
          `${formatSize(source.size)} file, ${ctx.runs} run(s) per side, alternating order, one sandbox process for both.`,
          `Ours: \`bin/pathomiq-uploader.js … --json upload <file> --mode multipart\` with its defaults (${await defaults.describe()}); wall clock from spawn to exit.`,
          'rclone: `rclone --config <temp> copyto <file> sandbox:pathomiq-sandbox/bench-b/run-<n>/<name>` with its defaults (5 MiB chunks, 4 at a time, MD5 of the file first); the config holds only provider Other, endpoint, keys, region and path-style. No other flag was needed to reach the store.',
        ],
        tables: [
          throughputTable(source.size, [
            { label: OURS, runs: ourRuns },
            { label: RCLONE, runs: rcloneRuns },
          ]),
        ],
        verdicts: [
          atLeast('throughput ours / rclone (wall clock)', throughputRatio(ourRuns, rcloneRuns), 1.5),
        ],
        notes: [tally.note()],
      };
    });
  },
};
