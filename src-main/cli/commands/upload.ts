import type { Command } from 'commander';
import { addMetadataOptions } from '../metadata-options.js';
import { positiveInt, type RunWithContext } from '../parse-options.js';
import type { UploadOptions } from './upload-action.js';

/** Only the command's words and options: what uploading needs is imported when it runs (so `--help` stays quick). */
export function registerUploadCommand(program: Command, run: RunWithContext): void {
  const command = program
    .command('upload')
    .description(
      'Queue files (or folders) and upload them; resumes earlier jobs for the same files. Exit 0 only if every file is uploaded (or already was); see README "Exit codes".',
    )
    .argument('<paths...>', 'files or folders');
  addMetadataOptions(command, 'these slides')
    .option(
      '--concurrency <n>',
      'files at once, fixed (default: 4, and up to 32 small files while that speeds the queue up)',
      positiveInt,
    )
    .option(
      '--part-concurrency <n>',
      'parts in flight across all files (default 4; each holds one part in memory)',
      positiveInt,
    )
    .option('--part-size <MiB>', 'multipart part size in MiB (default 8; raised for huge files)', positiveInt)
    .option('--limit-rate <rate>', 'bandwidth limit for the whole queue, e.g. 500K, 20M')
    .option('--mode <mode>', 'auto (multipart when offered), multipart or post')
    .option('--force', 'upload even files already uploaded')
    .option(
      '--deidentify',
      'upload de-identified: label and macro images removed, identifying metadata blanked (the files are not changed); slides whose label cannot be removed are refused',
    )
    .option('--no-check', 'skip the slide checks (format, completeness) and upload the files as they are')
    .option(
      '--to-running-queue',
      'when another process runs this queue for another server, queue the files for it anyway (they go to its server)',
    )
    .action((paths: string[], options: UploadOptions, command: Command) =>
      run(command, async (ctx) => (await import('./upload-action.js')).upload(ctx, paths, options)),
    );
}
