import type { Command } from 'commander';
import { parseRate } from '../../engine/rate-limiter.js';
import { addCheckedFiles } from '../../intake/add-checked-files.js';
import { inspectSlide } from '../../slides/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { expandPaths } from '../expand-paths.js';
import { addMetadataOptions, metadataFrom, type MetadataOptions } from '../metadata-options.js';
import { EXIT, openEngine, runUntilSettled } from '../run-engine.js';
import { positiveInt, type RunWithContext } from '../parse-options.js';

interface UploadOptions extends MetadataOptions {
  concurrency?: number;
  partConcurrency?: number;
  partSize?: number;
  limitRate?: string;
  mode?: 'auto' | 'multipart' | 'post';
  force?: boolean;
  check?: boolean;
}

async function upload(ctx: CliContext, inputs: string[], options: UploadOptions): Promise<number> {
  const { files, problems } = await expandPaths(inputs);
  for (const problem of problems) ctx.out.error(problem);
  if (files.length === 0) throw new UsageError('Nothing to upload: no files found in what was given.');
  const engine = openEngine(ctx, {
    ...(options.concurrency ? { fileConcurrency: options.concurrency } : {}),
    ...(options.partConcurrency ? { partConcurrency: options.partConcurrency } : {}),
    ...(options.partSize ? { partSize: options.partSize * 1024 * 1024 } : {}),
    ...(options.limitRate ? { limitRate: parseRate(options.limitRate) } : {}),
    ...(options.mode ? { uploadMode: options.mode } : {}),
  });
  try {
    const metadata = metadataFrom(ctx.userId, options);
    const results = await addCheckedFiles(
      engine,
      files.map((path) => ({ path, metadata, force: options.force === true })),
      { inspect: inspectSlide, skipChecks: options.check === false },
    );
    const jobIds: number[] = [];
    let errors = problems.length;
    for (const result of results) {
      if (result.outcome === 'rejected') {
        errors += 1;
        ctx.out.error(`${result.path}: ${result.message}`);
      } else if (result.outcome === 'error') {
        errors += 1;
        ctx.out.error(`${result.path}: ${result.message}`);
      } else if (result.outcome === 'duplicate') {
        ctx.out.info(
          `${result.path}: the same slide was already uploaded from ${result.job.sourcePath} (use --force to upload it again).`,
        );
      } else if (result.outcome === 'already-uploaded') {
        ctx.out.info(
          `${result.path}: already uploaded as image ${result.job.imageUniqueId} (use --force to upload it again).`,
        );
      } else {
        if (result.outcome === 'resumed') ctx.out.info(`${result.path}: resuming job #${result.job.id}.`);
        jobIds.push(result.job.id);
      }
    }
    ctx.out.info(`Uploading ${jobIds.length} file(s) to ${ctx.serverLabel} as user ${ctx.userId}.`);
    const code = jobIds.length > 0 ? await runUntilSettled(ctx, engine, jobIds) : EXIT.ok;
    return code === EXIT.ok && errors > 0 ? EXIT.failed : code;
  } finally {
    await engine.close();
  }
}

export function registerUploadCommand(program: Command, run: RunWithContext): void {
  const command = program
    .command('upload')
    .description(
      'Queue files (or folders) and upload them; resumes earlier jobs for the same files. Exit 0 only if all succeed.',
    )
    .argument('<paths...>', 'files or folders');
  addMetadataOptions(command, 'these slides')
    .option('--concurrency <n>', 'files at once (default 4)', positiveInt)
    .option(
      '--part-concurrency <n>',
      'parts in flight across all files (default 4; each holds one part in memory)',
      positiveInt,
    )
    .option('--part-size <MiB>', 'multipart part size in MiB (default 8; raised for huge files)', positiveInt)
    .option('--limit-rate <rate>', 'bandwidth limit for the whole queue, e.g. 500K, 20M')
    .option('--mode <mode>', 'auto (multipart when offered), multipart or post')
    .option('--force', 'upload even files already uploaded')
    .option('--no-check', 'skip the slide checks (format, completeness) and upload the files as they are')
    .action((paths: string[], options: UploadOptions, command: Command) =>
      run(command, (ctx) => upload(ctx, paths, options)),
    );
}
