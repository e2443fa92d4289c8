import type { AppEventOf } from '../../../../src-shared/app/index.js';
import type { CliContext } from '../../cli-context.js';
import type { ProgressLine } from './transfer-progress-line.js';

type DownloadProgress = AppEventOf<'download-progress'>;

export interface DownloadEnd {
  /** The `done` or `failed` event of the download, whenever it came (also before this was asked). */
  of(downloadId: string): Promise<DownloadProgress>;
  dispose(): void;
}

/**
 * Listens to the app's download events from before the download starts (its first event comes with the start):
 * running ones move the progress line, the last one ends the wait.
 */
export function listenForDownloadEnd(ctx: CliContext, progress: ProgressLine): DownloadEnd {
  const ended = new Map<string, DownloadProgress>();
  const waiting = new Map<string, (event: DownloadProgress) => void>();
  const off = ctx.onEvent((event) => {
    if (event.type !== 'download-progress') return;
    if (event.state === 'running') return progress.update(event.bytes, event.total ?? undefined);
    ended.set(event.downloadId, event);
    waiting.get(event.downloadId)?.(event);
  });
  return {
    of: (downloadId) =>
      new Promise((resolve) => {
        const already = ended.get(downloadId);
        if (already) resolve(already);
        else waiting.set(downloadId, resolve);
      }),
    dispose: () => {
      off();
      progress.done();
    },
  };
}
