import { rm } from 'node:fs/promises';
import path from 'node:path';
import { choosePartSize } from '../../src-main/engine/part-plan.js';
import { startSandbox, type RunningSandbox } from '../../src-main/sandbox/sandbox.js';
import { startFaultProxy, type FaultProxy, type ProxyLogEntry } from '../../test/helpers/fault-proxy.js';
import {
  defaultPartConcurrency,
  expectSuccess,
  runCli,
  runUpload,
  uploadedJobs,
} from '../clients/pathomiq-cli.js';
import { onCleanup } from '../lib/cleanup.js';
import { ProductFailure } from '../lib/failures.js';
import { progress } from '../lib/log.js';
import { StoredObjects } from '../lib/stored-object.js';
import type { SourceFile } from '../lib/test-files.js';
import { fixed, formatMiB, formatSize, GiB, median, MiB } from '../lib/units.js';
import type { Comparison } from './types.js';
import { VerificationTally } from './verification-tally.js';

/** Presigned part PUTs to the bucket, as the proxy logs them (signature redacted). */
const PART_PUT = /^\/pathomiq-sandbox\/[^?]+\?(?:.*&)?partNumber=\d+/;

const partBytes = (entries: readonly ProxyLogEntry[]): { count: number; bytes: number } => {
  const puts = entries.filter((entry) => entry.method === 'PUT' && PART_PUT.test(entry.url));
  return { count: puts.length, bytes: puts.reduce((sum, entry) => sum + entry.requestBytes, 0) };
};

interface KillRun {
  partSize: number;
  crashWall: number;
  resumeWall: number;
  crash: { count: number; bytes: number };
  resume: { count: number; bytes: number };
  resent: number;
}

/**
 * The fault proxy (no faults, only its request log) sits between the CLI and a sandbox in this process: the
 * sandbox signs URLs for the proxy's address, the proxy forwards to where the sandbox really listens.
 */
async function withProxiedSandbox<T>(
  dataDir: string,
  body: (proxy: FaultProxy, sandbox: RunningSandbox) => Promise<T>,
): Promise<T> {
  const proxy = await startFaultProxy();
  const sandbox = await startSandbox({ dataDir, port: 0, publicUrl: proxy.url });
  proxy.setTarget(sandbox.listening);
  const forget = onCleanup(async () => {
    await sandbox.close();
    await proxy.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  try {
    return await body(proxy, sandbox);
  } finally {
    await sandbox.close();
    await proxy.close();
    await rm(dataDir, { recursive: true, force: true });
    forget();
  }
}

async function killAndResume(
  ctx: { work: string },
  proxy: FaultProxy,
  tally: VerificationTally,
  source: SourceFile,
  killAfterPart: number,
  index: number,
): Promise<KillRun> {
  const target = { server: proxy.url, stateDir: path.join(ctx.work, `state-d-${index}`) };
  const logStart = proxy.log.length;
  const crashed = await runUpload(target, [source.path, '--mode', 'multipart'], {
    env: { PATHOMIQ_FAILPOINT: `after-part:${killAfterPart}` },
  });
  if (crashed.signal !== 'SIGKILL')
    throw new ProductFailure(
      `the upload with PATHOMIQ_FAILPOINT=after-part:${killAfterPart} ended with ${crashed.code ?? crashed.signal}, not SIGKILL`,
    );
  const crashEnd = proxy.log.length;
  const resumed = await runCli(target, ['run']);
  expectSuccess(resumed, '`run` after the SIGKILL');
  const [job] = uploadedJobs(resumed);
  if (!job?.imageUniqueId || !job.partSize) throw new ProductFailure('`run` reported no multipart job');
  await tally.ours('PathomIQ after SIGKILL + `run`', [{ key: job.imageUniqueId, source }]);
  // Summed only now: by the end of `run`, the proxy has seen every byte the killed process had sent.
  const crash = partBytes(proxy.log.slice(logStart, crashEnd));
  const resume = partBytes(proxy.log.slice(crashEnd));
  return {
    partSize: job.partSize,
    crashWall: crashed.wallSeconds,
    resumeWall: resumed.wallSeconds,
    crash,
    resume,
    resent: crash.bytes + resume.bytes - source.size,
  };
}

export const resendAfterKill: Comparison = {
  id: 'd',
  title: 'Resume: bytes re-sent after SIGKILL at ~50 %',
  needs: [],
  fullRuns: 3,
  async run(ctx) {
    const source = await ctx.files.single(ctx.quick ? 128 * MiB : GiB);
    const parts = Math.ceil(source.size / choosePartSize(source.size));
    const killAfterPart = Math.floor(parts / 2);
    return withProxiedSandbox(path.join(ctx.work, 'sandbox-d'), async (proxy, sandbox) => {
      const tally = new VerificationTally(new StoredObjects(sandbox.listening, sandbox.credentials));
      const runs: KillRun[] = [];
      for (let index = 0; index < ctx.runs; index++) {
        progress(
          `(d) run ${index + 1}/${ctx.runs}: upload, SIGKILL after part ${killAfterPart} of ${parts}, then \`run\`…`,
        );
        const run = await killAndResume(ctx, proxy, tally, source, killAfterPart, index);
        progress(`(d) run ${index + 1}/${ctx.runs}: re-sent ${formatMiB(run.resent)}`);
        runs.push(run);
      }
      const resent = median(runs.map((run) => run.resent));
      const worst = Math.max(...runs.map((run) => run.resent));
      const partSize = runs[0]!.partSize;
      // The target is "parts in flight × part size": the CLI's default concurrency, as its help states it.
      const concurrency = (await defaultPartConcurrency()) ?? 4;
      const limit = concurrency * partSize;
      return {
        method: [
          `${formatSize(source.size)} file in ${parts} parts of ${formatSize(partSize)}; ${ctx.runs} run(s). CLI → fault proxy (no faults; its log counts request-body bytes) → sandbox in the bench process.`,
          `\`upload --mode multipart\` with \`PATHOMIQ_FAILPOINT=after-part:${killAfterPart}\` (the CLI SIGKILLs itself as soon as ${killAfterPart} parts are confirmed), then \`pathomiq-uploader … run\` finishes the job.`,
          'Re-sent bytes = request-body bytes of every part PUT to `/pathomiq-sandbox/…` in the proxy log (both processes, including the cut-off ones) − file size.',
        ],
        tables: [
          {
            headers: [
              'run',
              'part PUTs (killed / resume)',
              'part bytes (killed / resume)',
              'wall s (killed / resume)',
              're-sent',
            ],
            rows: runs.map((run, index) => [
              String(index + 1),
              `${run.crash.count} / ${run.resume.count}`,
              `${formatMiB(run.crash.bytes)} / ${formatMiB(run.resume.bytes)}`,
              `${fixed(run.crashWall)} / ${fixed(run.resumeWall)}`,
              formatMiB(run.resent),
            ]),
          },
        ],
        verdicts: [
          {
            metric: `bytes re-sent (median${runs.length > 1 ? `; worst ${formatMiB(worst)}` : ''})`,
            measured: formatMiB(resent),
            target: `≤ ${concurrency} × ${formatSize(partSize)} = ${formatMiB(limit, 0)}`,
            pass: resent <= limit,
          },
        ],
        notes: [tally.note()],
      };
    });
  },
};
