/**
 * Slide-ZIP section (issue 10 item 1): a multi-file slide goes up as one stored ZIP built on the fly from its
 * members. Compared with the same bytes as one file, in one run, alternating order:
 *   - reading: the ZIP stream (yazl + CRC-32) vs a plain file stream, MiB/s and CPU-s per GiB;
 *   - uploading: the engine (multipart, real sandbox + S3 store in this process) sending the set vs one file.
 * Target: ZIP throughput ≥ 0.95× the single file's. Alone: `npx tsx bench/slide-zip.ts [--quick]` (exit 1 on a miss).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '../src-main/api/index.js';
import { serverDestination } from '../src-main/engine/destination.js';
import { UploadEngine } from '../src-main/engine/engine.js';
import { slideZipStream } from '../src-main/engine/source/slide-zip.js';
import { startSandbox } from '../src-main/sandbox/sandbox.js';
import { membersOf } from '../src-main/slides/members.js';
import type { SlideMember } from '../src-main/slides/types.js';

const TARGET_RATIO = 0.95;
const MiB = 1024 * 1024;

export interface SlideZipRow {
  what: 'read' | 'upload';
  bytes: number;
  /** MiB/s per run, single file and ZIP. */
  fileMiBps: number[];
  zipMiBps: number[];
  /** CPU seconds per GiB (this process), best run. */
  fileCpuPerGiB: number;
  zipCpuPerGiB: number;
}

export interface SlideZipResult {
  members: number;
  rows: SlideZipRow[];
}

const best = (values: number[]) => Math.max(...values);
const ratio = (row: SlideZipRow) => best(row.zipMiBps) / best(row.fileMiBps);
/**
 * The target is on the upload: that is what a lab waits for. Reading alone compares the ZIP with a page-cache copy
 * (GB/s, far above any uplink), so it is reported for CPU, not held to the ratio.
 */
const meets = (row: SlideZipRow) => row.what !== 'upload' || ratio(row) >= TARGET_RATIO;

async function timed(work: () => Promise<void>): Promise<{ seconds: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

export async function runSlideZipBench(options: {
  quick: boolean;
  progress: (message: string) => void;
}): Promise<SlideZipResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathomiq-zip-bench-'));
  try {
    const memberBytes = options.quick ? 16 * MiB : 128 * MiB;
    const count = 8;
    options.progress(`slide ZIP: writing a MIRAX-shaped set of ${count} × ${memberBytes / MiB} MiB`);
    const folder = path.join(work, 'bench');
    await mkdir(folder);
    const main = path.join(work, 'bench.mrxs');
    await writeFile(main, randomBytes(1024));
    const files = [main];
    for (let index = 0; index < count; index += 1) {
      const file = path.join(folder, `Data${String(index).padStart(4, '0')}.dat`);
      await writeFile(file, randomBytes(memberBytes));
      files.push(file);
    }
    const members = await membersOf(main, files);
    const single = path.join(work, 'single.svs');
    // The same bytes as one file: the members one after another.
    await writeFile(single, Buffer.alloc(0));
    for (const file of files)
      await new Promise<void>((resolve, reject) =>
        createReadStream(file)
          .pipe(createWriteStreamAppend(single))
          .on('finish', resolve)
          .on('error', reject),
      );
    const total = members.reduce((sum, member) => sum + member.size, 0);
    const rows = [
      await measure('read', total, options.quick ? 2 : 3, {
        file: () => drain(createReadStream(single, { highWaterMark: MiB })),
        zip: () => drain(slideZipStream(members, { slideName: 'bench.mrxs' })),
      }),
      await uploadRow(work, single, members, total, options),
    ];
    return { members: members.length, rows };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const createWriteStreamAppend = (file: string) => createWriteStream(file, { flags: 'a' });

async function measure(
  what: SlideZipRow['what'],
  bytes: number,
  runs: number,
  sides: { file: () => Promise<void>; zip: () => Promise<void> },
): Promise<SlideZipRow> {
  const row: SlideZipRow = {
    what,
    bytes,
    fileMiBps: [],
    zipMiBps: [],
    fileCpuPerGiB: Infinity,
    zipCpuPerGiB: Infinity,
  };
  for (let run = 0; run < runs; run += 1) {
    // Alternating order, so neither side always gets the warmer cache or the quieter moment.
    const order: Array<'file' | 'zip'> = run % 2 === 0 ? ['file', 'zip'] : ['zip', 'file'];
    for (const side of order) {
      const { seconds, cpu } = await timed(sides[side]);
      const perGiB = cpu / (bytes / 1024 ** 3);
      if (side === 'file') {
        row.fileMiBps.push(bytes / MiB / seconds);
        row.fileCpuPerGiB = Math.min(row.fileCpuPerGiB, perGiB);
      } else {
        row.zipMiBps.push(bytes / MiB / seconds);
        row.zipCpuPerGiB = Math.min(row.zipCpuPerGiB, perGiB);
      }
    }
  }
  return row;
}

/** The engine uploading each side once per run (multipart, 4 parts in flight) to a sandbox in this process. */
async function uploadRow(
  work: string,
  single: string,
  members: SlideMember[],
  bytes: number,
  options: { quick: boolean; progress: (message: string) => void },
): Promise<SlideZipRow> {
  const sandbox = await startSandbox({ dataDir: path.join(work, 'sandbox'), speed: 1000 });
  try {
    let round = 0;
    const upload = async (slideSet: boolean) => {
      round += 1;
      const api = createApiClient({ baseUrl: sandbox.api });
      const engine = new UploadEngine({
        stateDir: path.join(work, `state-${round}`),
        api,
        destination: serverDestination(sandbox.api),
        uploadMode: 'multipart',
      });
      try {
        const [added] = await engine.add([
          slideSet
            ? {
                path: members[0]!.path,
                metadata: { userid: 19 },
                slideSet: { format: 'mirax', members },
                force: true,
              }
            : { path: single, metadata: { userid: 19 }, force: true },
        ]);
        engine.start();
        const [job] = await engine.whenSettled([added && 'job' in added ? added.job.id : -1]);
        if (job?.state !== 'done')
          throw new Error(`bench upload ended ${job?.state}: ${job?.error?.message ?? ''}`);
      } finally {
        await engine.close();
      }
    };
    options.progress('slide ZIP: uploading the set and the single file, alternating');
    return await measure('upload', bytes, options.quick ? 1 : 2, {
      file: () => upload(false),
      zip: () => upload(true),
    });
  } finally {
    await sandbox.close();
  }
}

export function renderSlideZipBench(result: SlideZipResult): string {
  const pass = result.rows.every(meets);
  return [
    `## (z) Multi-file slide as one ZIP — ${pass ? 'PASS' : 'FAIL'}`,
    '',
    `- A MIRAX-shaped set of ${result.members} files streamed as one stored ZIP (yazl, zlib CRC-32) vs the same bytes as one file. "read": the stream alone; "upload": the engine's multipart upload to the sandbox in this process (which shares the cores, so CPU matters). Best of the runs, order alternating.`,
    '',
    '| what | bytes | one file MiB/s | ZIP MiB/s | ZIP ÷ file | CPU-s/GiB file | CPU-s/GiB ZIP | target | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (row) =>
        `| ${row.what} | ${(row.bytes / MiB).toFixed(0)} MiB | ${row.fileMiBps.map((v) => v.toFixed(0)).join(', ')} | ${row.zipMiBps.map((v) => v.toFixed(0)).join(', ')} | ${ratio(row).toFixed(2)} | ${row.fileCpuPerGiB.toFixed(2)} | ${row.zipCpuPerGiB.toFixed(2)} | ${row.what === 'upload' ? `≥ ${TARGET_RATIO}` : '(info)'} | ${meets(row) ? (row.what === 'upload' ? 'PASS' : '—') : '**FAIL**'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runSlideZipBench({
    quick: process.argv.includes('--quick'),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(renderSlideZipBench(result));
  process.exit(result.rows.every(meets) ? 0 : 1);
}
