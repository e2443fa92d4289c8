import type { Command } from 'commander';
import { formatBytes } from '../../../engine/server-log.js';
import type { CliContext } from '../../cli-context.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../run-engine.js';
import { chooseDestination, safeFileName } from './destination.js';
import { findImage } from './find-image.js';
import { createProgressLine } from './transfer-progress-line.js';

interface DownloadOptions {
  out?: string;
  force?: boolean;
}

async function download(ctx: CliContext, uid: string, options: DownloadOptions): Promise<number> {
  const imageFileName = async () => safeFileName((await findImage(ctx, uid)).filename, uid);
  const destination = await chooseDestination(options.out, imageFileName, options.force === true);
  const progress = createProgressLine(ctx.out, `Downloading ${uid}`);
  let bytes: number;
  try {
    ({ bytes } = await ctx.api.downloadImageToFile(uid, destination, { onProgress: progress.update }));
  } finally {
    progress.done();
  }
  ctx.out.result(`Downloaded ${bytes} bytes (${formatBytes(bytes)}) to ${destination}`, {
    image_unique_id: uid,
    path: destination,
    bytes,
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
