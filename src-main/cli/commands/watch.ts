import { InvalidArgumentError, type Command } from 'commander';
import type { AfterUploadAction, WatcherEvent } from '../../../src-shared/watcher/index.js';
import { WatchFolderError, type WatchService } from '../../watcher/watch-service.js';
import type { CliContext } from '../cli-context.js';
import { addMetadataOptions, metadataFrom, type MetadataOptions } from '../metadata-options.js';
import { positiveInt, type RunWithContext } from '../parse-options.js';
import { QueueBusyError } from '../../engine/db/runner-lock.js';
import { EXIT } from '../run-engine.js';

interface WatchOptions extends MetadataOptions {
  stableSeconds?: number;
  poll?: boolean;
  depth?: number;
  after?: { action: AfterUploadAction; subdir: string | null };
  save?: boolean;
  deidentify?: boolean;
}

/** --after leave | delete | move:<subdir> */
export function parseAfter(value: string): { action: AfterUploadAction; subdir: string | null } {
  if (value === 'leave' || value === 'delete') return { action: value, subdir: null };
  const move = /^move(?::(.+))?$/.exec(value);
  if (move) return { action: 'move', subdir: move[1] ?? 'uploaded' };
  throw new InvalidArgumentError('use leave, delete, or move:<subfolder>');
}

function printWatcherEvent(ctx: CliContext, event: WatcherEvent): void {
  if (ctx.out.json) return ctx.out.event(event as never);
  // The steps before a file's verdict stay in the folder's history; the terminal shows verdicts.
  if (event.type === 'watch-file' && !['found', 'settling', 'checked'].includes(event.outcome))
    ctx.out.info(`[${event.outcome}] ${event.message}`);
  if (
    event.type === 'watch-folder-updated' &&
    (event.folder.status === 'unreachable' || event.folder.status === 'error')
  ) {
    ctx.out.info(`${event.folder.path}: ${event.folder.statusMessage ?? event.folder.status}`);
  }
}

/**
 * Runs the queue and the watch folders of the app's connection until Ctrl-C / SIGTERM (the context closes them);
 * everything stays resumable.
 */
export async function runWatching(
  ctx: CliContext,
  setup: (service: WatchService) => Promise<void>,
): Promise<number> {
  const { engine, watch: service } = ctx.connection;
  service.on((event) => printWatcherEvent(ctx, event));
  try {
    engine.start(); // first: when another process runs this queue, no folder is watched twice
    await setup(service);
    for (const folder of service.list())
      ctx.out.info(
        `Watching ${folder.path} (${folder.mode ?? 'starting'}; stable after ${folder.stableSeconds} s; after upload: ${folder.afterUpload}).`,
      );
    ctx.out.info('Press Ctrl-C to stop; nothing is lost.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    ctx.out.info('Stopping…');
    return EXIT.ok;
  } catch (error) {
    if (error instanceof WatchFolderError) {
      ctx.out.error(error.message);
      return EXIT.usage;
    }
    if (error instanceof QueueBusyError) {
      ctx.out.error(error.message);
      return EXIT.failed;
    }
    throw error;
  }
}

export function registerWatchCommand(program: Command, run: RunWithContext): void {
  const command = program
    .command('watch')
    .description(
      'Watch scanner output folders and upload every new slide once it is completely written. Runs until stopped.',
    )
    .argument('<dirs...>', 'folders to watch');
  addMetadataOptions(command, 'slides found here')
    .option('--stable-seconds <n>', 'a file is ready when unchanged this long (default 10)', Number)
    .option('--poll', 'poll instead of native file events (network shares are polled automatically)')
    .option('--depth <n>', 'subfolder levels to watch (default: all)', positiveInt)
    .option('--after <action>', 'after a verified upload: leave, delete, or move:<subfolder>', parseAfter)
    .option('--save', 'remember these folders in the state dir (then `run --watch` watches them)')
    .option(
      '--deidentify',
      'upload de-identified: label and macro images removed, identifying metadata blanked; slides whose label cannot be removed are refused',
    )
    .action((dirs: string[], options: WatchOptions, command: Command) =>
      run(command, (ctx) =>
        runWatching(ctx, async (service) => {
          for (const dir of dirs) {
            await service.add(
              {
                path: dir,
                metadata: metadataFrom(ctx.userId, options),
                ...(options.stableSeconds !== undefined ? { stableSeconds: options.stableSeconds } : {}),
                ...(options.poll ? { usePolling: true } : {}),
                ...(options.depth !== undefined ? { depth: options.depth } : {}),
                ...(options.deidentify ? { deidentify: true } : {}),
                ...(options.after
                  ? { afterUpload: options.after.action, moveSubdir: options.after.subdir }
                  : {}),
              },
              { persist: options.save === true },
            );
          }
        }),
      ),
    );
}
