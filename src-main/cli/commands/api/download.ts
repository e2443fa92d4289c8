import type { Command } from 'commander';
import { formatBytes } from '../../../../src-shared/units/index.js';
import type { CliContext } from '../../cli-context.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../exit-codes.js';
import { chooseDestination } from './destination.js';
import { listenForDownloadEnd } from './download-end.js';
import { createProgressLine } from './transfer-progress-line.js';

interface DownloadOptions {
  out?: string;
  force?: boolean;
}

/** The app downloads (as for the desktop, in the background); this waits for it, showing its progress. */
async function download(ctx: CliContext, uid: string, options: DownloadOptions): Promise<number> {
  const replace = options.force === true;
  const { folder, fileName } = await chooseDestination(options.out, undefined, replace);
  const end = listenForDownloadEnd(ctx, createProgressLine(ctx.out, `Downloading ${uid}`));
  let last;
  try {
    const started = await ctx.send('images.download', {
      imageUniqueId: uid,
      to: { folder, ...(fileName !== undefined ? { fileName } : {}), replace },
    });
    last = await end.of(started.downloadId);
  } finally {
    end.dispose();
  }
  if (last.state === 'failed') throw new Error(last.error ?? `The download of image ${uid} failed.`);
  ctx.out.result(`Downloaded ${last.bytes} bytes (${formatBytes(last.bytes)}) to ${last.path}`, {
    image_unique_id: uid,
    path: last.path,
    bytes: last.bytes,
  });
  return EXIT.ok;
}

export function registerDownloadCommand(program: Command, run: RunWithContext): void {
  program
    .command('download')
    .description("Download an image's file (progress on stderr when it is a terminal).")
    .argument('<image_unique_id>')
    .option('--out <path>', "file to write, or a folder for the image's filename (default: that name, here)")
    .option('--force', 'replace an existing file')
    .action((uid: string, options: DownloadOptions, command: Command) =>
      run(command, (ctx) => download(ctx, uid, options)),
    );
}
