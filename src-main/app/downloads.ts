import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { DownloadProgress, DownloadStarted } from '../../src-shared/app/index.js';
import type { ImageRecord } from '../../src-shared/api/index.js';
import type { ApiClient } from '../api/index.js';
import { describeAppError } from './describe-error.js';
import { chosenTarget, freeTarget, safeFileName } from './download-target.js';

const PROGRESS_EVERY_MS = 100;

/** A name chosen by the caller (the command line's --out): taken as given, replacing a file only if asked to. */
export interface ChosenName {
  /** Default: the image's own file name. */
  fileName?: string | undefined;
  replace: boolean;
}

/**
 * Image downloads running in the background: each gets a free name in the download folder (never replacing a
 * file) or the name the caller chose, is written to `<name>.part` and renamed when complete, and reports
 * `download-progress` events at most ten times a second, then once more as done or failed.
 */
export class Downloads {
  private readonly running = new Map<string, AbortController>();
  private readonly reserved = new Set<string>();
  private readonly settled = new Set<Promise<void>>();
  /** Names are chosen one download at a time, so two downloads of one image never pick the same name. */
  private choosing: Promise<unknown> = Promise.resolve();

  constructor(private readonly emit: (event: DownloadProgress) => void) {}

  async start(
    api: ApiClient,
    image: ImageRecord,
    folder: string,
    chosen?: ChosenName,
  ): Promise<DownloadStarted> {
    // A chosen folder must exist already: a typo in a path should not quietly create folders.
    if (!chosen) await mkdir(folder, { recursive: true });
    const fileName = safeFileName(chosen?.fileName ?? image.filename, image.image_unique_id);
    const choice = this.choosing.then(async () => {
      const target = chosen
        ? await chosenTarget(folder, fileName, chosen.replace, this.reserved)
        : await freeTarget(folder, fileName, this.reserved);
      this.reserved.add(target);
      return target;
    });
    this.choosing = choice.catch(() => undefined);
    const target = await choice;
    const downloadId = randomUUID();
    const controller = new AbortController();
    this.running.set(downloadId, controller);
    const base = { type: 'download-progress', downloadId, imageUniqueId: image.image_unique_id } as const;
    const report = (
      state: DownloadProgress['state'],
      bytes: number,
      total: number | null,
      error: string | null,
    ) => this.emit({ ...base, fileName, path: target, bytes, total, state, error });

    let lastReport = 0;
    let total: number | null = null;
    let received = 0;
    const run = api
      .downloadImageToFile(image.image_unique_id, target, {
        signal: controller.signal,
        onProgress: (bytes, length) => {
          received = bytes;
          total = length ?? null;
          const now = Date.now();
          if (now - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = now;
          report('running', bytes, total, null);
        },
      })
      .then(
        ({ bytes }) => report('done', bytes, total ?? bytes, null),
        (error: unknown) => report('failed', received, total, describeAppError(error)),
      )
      .finally(() => {
        this.running.delete(downloadId);
        this.reserved.delete(target);
        this.settled.delete(run);
      });
    this.settled.add(run);
    report('running', 0, null, null);
    return { downloadId, path: target };
  }

  /** Aborts downloads still running (their `.part` files are removed) and waits for them to wind down. */
  async close(): Promise<void> {
    for (const controller of this.running.values()) controller.abort();
    await Promise.all([...this.settled]);
  }
}
