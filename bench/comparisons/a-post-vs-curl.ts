import os from 'node:os';
import { createImageRecord, curlPostFile } from '../clients/curl-post.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { StoredObjects } from '../lib/stored-object.js';
import { fixed, formatSize, GiB, median, MiB } from '../lib/units.js';
import { runAlternating, type Side } from './alternating.js';
import { ourUploadSide, stateDirPrefix } from './our-upload-side.js';
import { retired, cpuBoundRatio, medianWall, throughputRatio, throughputTable } from './summaries.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

const OURS = 'PathomIQ `upload --mode post`';
const CURL = '`curl -F`';

export const postVsCurl: Comparison = {
  id: 'a',
  title: 'Presigned POST: PathomIQ vs curl -F',
  needs: ['curl'],
  fullRuns: 3,
  async run(ctx) {
    const source = await ctx.files.single(ctx.quick ? 64 * MiB : GiB);
    return withSandboxProcess(ctx.work, 'sandbox-a', async (sandbox) => {
      const objects = new StoredObjects(sandbox.s3, sandbox.credentials);
      const tally = new VerificationTally(objects);
      const ours = ourUploadSide({
        label: OURS,
        mode: 'post',
        source,
        server: sandbox.api,
        stateDirPrefix: stateDirPrefix(ctx.work, 'a'),
        tally,
      });
      const curl: Side = {
        label: CURL,
        inputs: [source.path],
        async measure() {
          const record = await createImageRecord(sandbox.api, source.name); // not timed
          const run = await curlPostFile(record.post, source.path);
          return { run, verify: () => tally.reference(CURL, [{ key: record.uid, source }]) };
        },
      };
      const [ourRuns, curlRuns] = await runAlternating('a', sandbox, [ours, curl], ctx.runs);

      const transfers = ourRuns.flatMap((run) =>
        run.transferSeconds === undefined ? [] : [run.transferSeconds],
      );
      const transferOnly = transfers.length > 0 ? median(transfers) : undefined;
      const curlWall = medianWall(curlRuns);
      return {
        method: [
          `${formatSize(source.size)} file, ${ctx.runs} run(s) per side, alternating order, one sandbox process for both.`,
          'Ours: `bin/pathomiq-uploader.js --server <api> --user 19 --state-dir <fresh> --json upload <file> --mode post`, wall clock from spawn to exit (includes Node start-up, opening the queue, `POST /Images`, the POST, `PUT /Images/:id`).',
          'curl: `POST /Images` first (not timed), then `curl -sS -o /dev/null -w %{http_code} --form-string <field>=<value>… -F file=@<file> <response.url>` timed from spawn to exit; every returned field exactly as returned, file last.',
          'Transfer-only (ours): from the job\'s first "uploading" event to "done" (engine timestamps in the `--json` events).',
        ],
        tables: [
          throughputTable(source.size, [
            { label: OURS, runs: ourRuns },
            { label: CURL, runs: curlRuns },
          ]),
        ],
        verdicts: [
          retired('throughput ours / curl (wall clock)', throughputRatio(ourRuns, curlRuns), 0.95),
          cpuBoundRatio(ourRuns, curlRuns, os.cpus().length),
          ...(transferOnly === undefined
            ? []
            : [
                {
                  metric: `throughput ours / curl (our transfer-only time, median ${fixed(transferOnly)} s)`,
                  measured: fixed(curlWall / transferOnly),
                  target: 'information',
                  pass: null,
                },
              ]),
        ],
        notes: [tally.note()],
      };
    });
  },
};
