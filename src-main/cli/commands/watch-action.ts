import type { WatcherEvent } from '../../../src-shared/watcher/index.js';
import { WatchFolderError, type WatchService } from '../../watcher/watch-service.js';
import type { CliContext } from '../cli-context.js';
import { metadataFrom } from '../metadata-options.js';
import type { WatchOptions } from './watch.js';
import { QueueBusyError } from '../../engine/db/runner-lock.js';
import { EXIT } from '../exit-codes.js';

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

/** `watch <dirs…>`: the given folders (remembered with --save), then the queue, until stopped. */
export function watchFolders(
  ctx: CliContext,
  dirs: readonly string[],
  options: WatchOptions,
): Promise<number> {
  return runWatching(ctx, async (service) => {
    for (const dir of dirs) {
      await service.add(
        {
          path: dir,
          metadata: metadataFrom(ctx.userId, options),
          ...(options.stableSeconds !== undefined ? { stableSeconds: options.stableSeconds } : {}),
          ...(options.poll ? { usePolling: true } : {}),
          ...(options.depth !== undefined ? { depth: options.depth } : {}),
          ...(options.deidentify ? { deidentify: true } : {}),
          ...(options.after ? { afterUpload: options.after.action, moveSubdir: options.after.subdir } : {}),
        },
        { persist: options.save === true },
      );
    }
  });
}
