import os from 'node:os';
import path from 'node:path';
import { Rclone } from '../clients/rclone.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { StoredObjects } from '../lib/stored-object.js';
import { fixed, formatSize, MiB } from '../lib/units.js';
import { runAlternating, type Side } from './alternating.js';
import { ourFolderSide } from './our-folder-side.js';
import { retired, cpuBoundRatio, medianWall, throughputRatio, throughputTable } from './summaries.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

const OURS = 'PathomIQ `upload <folder>`';
const RCLONE = '`rclone copy`';

export const manyFilesVsRclone: Comparison = {
  id: 'e',
  title: 'Many small files: PathomIQ vs rclone copy',
  needs: ['rclone'],
  fullRuns: 3,
  async run(ctx) {
    const folder = await ctx.files.folder(ctx.quick ? 50 : 1000, MiB);
    return withSandboxProcess(ctx.work, 'sandbox-e', async (sandbox) => {
      const tally = new VerificationTally(new StoredObjects(sandbox.s3, sandbox.credentials));
      const rclone = await Rclone.forStore(ctx.work, sandbox.s3, sandbox.credentials);
      const ours = ourFolderSide({
        label: OURS,
        folder,
        server: sandbox.api,
        stateDirPrefix: path.join(ctx.work, 'state-e'),
        tally,
      });
      const reference: Side = {
        label: RCLONE,
        inputs: folder.files.map((file) => file.path),
        async measure(index) {
          const prefix = `bench-e/run-${index + 1}`; // a fresh prefix: rclone skips files already there
          const run = await rclone.copy(folder.dir, prefix);
          return {
            run,
            verify: () =>
              tally.reference(
                RCLONE,
                folder.files.map((source) => ({ key: `${prefix}/${source.name}`, source })),
              ),
          };
        },
      };
      const [ourRuns, rcloneRuns] = await runAlternating('e', sandbox, [ours, reference], ctx.runs);
      return {
        method: [
          `${folder.files.length} files × ${formatSize(MiB)} in one folder, ${ctx.runs} run(s) per side${ctx.runs === 1 ? ' (ours first)' : ', alternating order'}, one sandbox process for both.`,
          'Ours: `bin/pathomiq-uploader.js … --json upload <folder>` with defaults (files smaller than a part go by presigned POST: `POST /Images`, the POST to storage and `PUT /Images/:id` per file); wall clock from spawn to exit.',
          'rclone: `rclone --config <temp> copy <folder> sandbox:pathomiq-sandbox/bench-e/run-<n>/` with its defaults (4 transfers, 8 checkers; single PUTs below its 200 MiB cutoff).',
        ],
        tables: [
          throughputTable(folder.totalBytes, [
            { label: OURS, runs: ourRuns },
            { label: RCLONE, runs: rcloneRuns },
          ]),
        ],
        verdicts: [
          retired('throughput ours / rclone (wall clock)', throughputRatio(ourRuns, rcloneRuns), 1.0),
          cpuBoundRatio(ourRuns, rcloneRuns, os.cpus().length),
        ],
        notes: [
          `Files per second: ours ${fixed(folder.files.length / medianWall(ourRuns), 1)}, rclone ${fixed(folder.files.length / medianWall(rcloneRuns), 1)}.`,
          tally.note(),
        ],
      };
    });
  },
};
