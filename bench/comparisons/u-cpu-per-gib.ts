import path from 'node:path';
import { expectSuccess, runUpload, uploadedJobs } from '../clients/pathomiq-cli.js';
import { withSandboxProcess } from '../lib/sandbox-process.js';
import { StoredObjects } from '../lib/stored-object.js';
import { fixed, formatSize, GiB, median, mibPerSecond } from '../lib/units.js';
import { runRotating, type Side } from './alternating.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

const CPU_PER_GIB_LIMIT = 2.5;

/**
 * Issue 12 item 4: the client's CPU per GiB in each mode, on the open loopback (no shaping): the presigned POST,
 * multipart with CRC-32 part checksums (the default sandbox) and multipart with Content-MD5 (a server from before
 * part checksums, dialect md5-parts). CPU-s from /proc are meaningful on a loaded machine too, unlike wall clock.
 */
export const cpuPerGib: Comparison = {
  id: 'u',
  title: 'Client CPU per GiB: POST, multipart with CRC-32, multipart with Content-MD5',
  needs: [],
  fullRuns: 3,
  async run(ctx) {
    const source = await ctx.files.single(ctx.quick ? 256 * 1024 * 1024 : GiB);
    const gib = source.size / GiB;
    const measure = (dialects: string[], mode: 'post' | 'multipart', label: string) =>
      withSandboxProcess(
        ctx.work,
        `sandbox-u-${dialects.join('-') || 'default'}`,
        async (sandbox) => {
          const tally = new VerificationTally(new StoredObjects(sandbox.s3, sandbox.credentials));
          const side: Side = {
            label,
            inputs: [source.path],
            async measure(index) {
              const stateDir = path.join(ctx.work, `state-u-${label.replace(/\W+/g, '-')}-${index}`);
              const run = await runUpload({ server: sandbox.api, stateDir }, [source.path, '--mode', mode]);
              expectSuccess(run, `upload --mode ${mode}`);
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
          const [runs] = await runRotating('u', sandbox, [side], ctx.runs);
          return { label, runs: runs!, note: tally.note() };
        },
        { dialects },
      );
    const sides = [
      await measure([], 'post', 'PathomIQ `upload --mode post`'),
      await measure([], 'multipart', 'PathomIQ `upload --mode multipart` (CRC-32 parts)'),
      await measure(
        ['md5-parts'],
        'multipart',
        'PathomIQ `upload --mode multipart` against md5-parts (Content-MD5)',
      ),
    ];
    const perGib = (runs: (typeof sides)[number]['runs']) => median(runs.map((run) => run.cpuSeconds)) / gib;
    return {
      method: [
        `One ${formatSize(source.size)} random file, ${ctx.runs} run(s) per side, each side against its own sandbox process (the default one, or \`--dialect md5-parts\`).`,
        "Client CPU: user + system CPU-s of the CLI process (all its threads: the hash worker included) from /proc, per GiB of file; it includes Node's start-up, the queue and every API call.",
        'Hashing floors measured here (Node/OpenSSL, one core): SHA-256 0.66, MD5 1.54, CRC-32 (zlib) 0.29 CPU-s per GiB.',
      ],
      tables: [
        {
          headers: [
            'side',
            'runs: client CPU (s)',
            'CPU-s per GiB (median)',
            'MiB/s',
            'sandbox CPU (s)',
            'other CPU (s)',
          ],
          rows: sides.map(({ label, runs }) => [
            label,
            runs.map((run) => fixed(run.cpuSeconds)).join(', '),
            fixed(perGib(runs)),
            fixed(mibPerSecond(source.size, median(runs.map((run) => run.wallSeconds))), 1),
            fixed(median(runs.map((run) => run.sandboxCpuSeconds))),
            fixed(median(runs.map((run) => run.otherCpuSeconds))),
          ]),
        },
      ],
      verdicts: sides.map(({ label, runs }) => ({
        metric: `${label}: client CPU-s per GiB`,
        measured: fixed(perGib(runs)),
        target: `≤ ${fixed(CPU_PER_GIB_LIMIT)}`,
        pass: perGib(runs) <= CPU_PER_GIB_LIMIT,
      })),
      notes: sides.map((side) => side.note),
    };
  },
};
