import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { JobView } from '../../src-shared/engine/index.js';
import type {
  WatchFileOutcome,
  WatchFolderCounts,
  WatchFolderStatus,
  WatchFolderView,
  WatcherEvent,
} from '../../src-shared/watcher/index.js';
import type { AddResult, UploadEngine } from '../engine/engine.js';
import type { SlideInspection } from '../slides/index.js';
import { formatLabel } from '../slides/reasons.js';
import { isNetworkFolder } from './filesystem-kind.js';
import { isIgnoredName } from './ignored-names.js';
import { Semaphore } from '../engine/semaphore.js';
import type { SourceVersion } from '../engine/source-file.js';
import { applyPostUpload } from './post-upload.js';
import { SlideSetSettler, type SettledSet } from './slide-set-settler.js';
import { StabilityTracker } from './stability.js';
import { setVersion } from '../engine/source/upload-source.js';
import type { StoredWatchFolder } from './watch-folders-repo.js';

export interface FolderWatcherDeps {
  engine: UploadEngine;
  /**
   * Slide QC of a file the stability check has just seen at `version` (none: a multi-file slide's main file),
   * without decoding pixels: a catch-up scan of thousands of slides queues them in seconds, and the engine decodes
   * each one's pixels before it registers (the job says so: `pixelQcOwed`).
   */
  inspect: (path: string, version: SourceVersion | undefined) => Promise<SlideInspection>;
  multiFileSlideOf: (path: string) => Promise<{ main: string } | undefined>;
  /** Extensions considered when a folder names none (the known slide extensions). */
  defaultExtensions: readonly string[];
  emit: (event: WatcherEvent) => void;
  /** Durable counts from the queue (saved folders only). */
  jobCounts?: (folderId: number) => { queued: number; uploaded: number; failed: number };
  /** Saved folders tag their jobs; transient ones (CLI `watch` without --save) do not. */
  persisted: boolean;
  isNetworkFolder?: (folder: string) => Promise<boolean>;
  /** How often the folder's presence is checked (a share may be unmounted). */
  reachabilityEveryMs?: number;
  pollIntervalMs?: number;
}

/**
 * Why a slide found again (a catch-up scan at start) was not queued again: a person has to act on its job, or
 * decided already (a cleared job is no longer in the list, so the way on is adding the file by hand).
 */
function leftForPerson(name: string, job: JobView, cleared: boolean): [WatchFileOutcome, string] {
  switch (job.state) {
    case 'failed':
      return [
        'failed',
        `${name} failed before and is not retried by the watch folder: ${job.error?.message ?? 'its upload failed.'} ` +
          (cleared
            ? 'Its job was cleared from the queue; add the file by hand, or replace it, to upload it.'
            : 'Retry it in the queue, or replace the file, to upload it.'),
      ];
    case 'paused':
      return ['held', `${name} is paused in the queue; resume it there to upload it.`];
    default:
      return [
        'held',
        `${name} was cancelled in the queue${cleared ? ' (and cleared from it)' : ''}, so the watch folder does not upload it again. Add it by hand, or replace the file, to upload it.`,
      ];
  }
}

/** QC's reason, led by the file's name unless the reason already starts with it. */
function about(file: string, reason: string): string {
  const name = path.basename(file);
  return reason.startsWith(name) ? reason : `${name}: ${reason}`;
}

/** Native watching ran out of inotify watches or file handles: fall back to polling. */
const RESOURCE_ERRORS = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

/**
 * Watches one folder: files that appear (or were added while the app was closed) settle, pass slide QC and are
 * queued once with the folder's defaults; after a verified upload they are left, moved or deleted.
 */
export class FolderWatcher {
  private watcher: FSWatcher | undefined;
  private readonly stability: StabilityTracker;
  private status: WatchFolderStatus = 'starting';
  private statusMessage: string | null = null;
  private mode: 'events' | 'polling' | null = null;
  private forcePolling = false;
  private lastFile: WatchFolderView['lastFile'] = null;
  private readonly seen = new Set<string>();
  private readonly outcomes = new Map<string, WatchFileOutcome>();
  private readonly sets: SlideSetSettler;
  private readonly ownJobs = new Set<number>();
  private reachability: NodeJS.Timeout | undefined;
  private stopped = false;
  private publishTimer: NodeJS.Timeout | undefined;
  private readonly root: string;
  private readyBatch: Array<{ file: string; version: SourceVersion; fingerprint: string | undefined }> = [];
  private batchTimer: NodeJS.Timeout | undefined;
  /** Ready files checked and queued a few at a time (each opens the file). */
  private readonly intake = new Semaphore(8);

  constructor(
    readonly folder: StoredWatchFolder,
    private readonly deps: FolderWatcherDeps,
  ) {
    this.root = path.resolve(folder.path);
    this.stability = new StabilityTracker(
      folder.stableSeconds * 1000,
      (file, version) => void this.onStableLimited(file, version),
      (file) => this.onGone(file),
    );
    this.sets = new SlideSetSettler({
      stableMs: folder.stableSeconds * 1000,
      inspect: (main) => this.deps.inspect(main, undefined),
      onReady: (set) => void this.enqueueSet(set),
      onWaiting: (main, reason) =>
        this.record(main, 'settling', `${path.basename(main)}: waiting for all of its files — ${reason}`),
      onRefused: (main, reason, outcome) => this.record(main, outcome, about(main, reason)),
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.folder.enabled) return this.setStatus('paused', 'Watching is switched off for this folder.');
    this.reachability ??= setInterval(
      () => void this.checkReachable(),
      this.deps.reachabilityEveryMs ?? 5000,
    );
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reachability);
    this.reachability = undefined;
    this.stability.close();
    this.sets.close();
    await this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.readyBatch = [];
  }

  view(): WatchFolderView {
    const durable = this.deps.persisted ? this.deps.jobCounts?.(this.folder.id) : undefined;
    const count = (outcome: WatchFileOutcome) =>
      [...this.outcomes.values()].filter((value) => value === outcome).length;
    const counts: WatchFolderCounts = {
      seen: this.seen.size,
      settling: this.stability.settling + this.sets.waiting,
      queued: durable?.queued ?? count('queued'),
      uploaded: durable?.uploaded ?? count('uploaded') + count('moved') + count('deleted'),
      duplicates: count('duplicate'),
      skipped: count('skipped'),
      held: count('held'),
      failed: durable?.failed ?? count('failed'),
    };
    return {
      ...this.folder,
      status: this.status,
      statusMessage: this.statusMessage,
      mode: this.mode,
      lastFile: this.lastFile,
      counts,
    };
  }

  /** Whether this watcher queued the job (and so applies its post-upload action). */
  owns(jobId: number): boolean {
    return this.ownJobs.has(jobId);
  }

  /** After the engine finished one of this folder's jobs. */
  async afterJob(job: JobView): Promise<void> {
    if (job.state === 'failed')
      return this.record(job.sourcePath, 'failed', job.error?.message ?? 'Upload failed.');
    if (job.state === 'duplicate')
      return this.record(
        job.sourcePath,
        'duplicate',
        `${job.fileName} has the same content as job #${job.duplicateOf ?? '?'}; it was not uploaded again.`,
      );
    if (job.state !== 'done') return;
    try {
      const result = await applyPostUpload(this.root, this.folder, job, this.deps.engine.membersOf(job.id));
      this.record(job.sourcePath, result.outcome, result.message);
    } catch (error) {
      this.record(
        job.sourcePath,
        'failed',
        `Uploaded, but the after-upload action failed: ${(error as Error).message}`,
      );
    }
  }

  // ---- watching ----------------------------------------------------------------------------------------------

  private async open(): Promise<void> {
    const info = await stat(this.root).catch(() => undefined);
    if (!info?.isDirectory()) {
      return this.setStatus(
        'unreachable',
        `${this.root} cannot be reached (is the share unmounted or the folder renamed?). Watching resumes when it is back.`,
      );
    }
    const polling =
      this.forcePolling ||
      (this.folder.usePolling ?? (await (this.deps.isNetworkFolder ?? isNetworkFolder)(this.root)));
    this.mode = polling ? 'polling' : 'events';
    this.setStatus('scanning', 'Looking for slides added while the app was closed…');
    const interval = this.deps.pollIntervalMs ?? 2000;
    // chokidar is loaded when a folder is first watched, not for every command that opens the app.
    const { watch } = await import('chokidar');
    const watcher = watch(this.root, {
      ignored: (file, stats) => this.ignored(file, stats),
      ignoreInitial: false,
      persistent: true,
      followSymlinks: false, // scanner folders do not need them, and links cannot form loops this way
      ...(this.folder.depth !== null ? { depth: this.folder.depth } : {}),
      usePolling: polling,
      interval,
      binaryInterval: interval,
      ignorePermissionErrors: true,
      atomic: false,
    });
    this.watcher = watcher;
    // chokidar has just lstat'ed the file (links are not followed, so that is the file itself): its size and
    // mtime are the stability check's first look.
    watcher.on('add', (file, stats) => this.onSeen(file, stats?.isFile() ? stats : undefined));
    watcher.on('change', (file, stats) => this.onSeen(file, stats?.isFile() ? stats : undefined));
    watcher.on('unlink', (file) => this.stability.forget(file));
    watcher.on('ready', () => {
      if (this.watcher === watcher && this.status === 'scanning') this.setStatus('watching', null);
    });
    watcher.on('error', (error) => void this.onWatchError(error as NodeJS.ErrnoException));
  }

  private ignored(file: string, stats?: { isFile(): boolean; isDirectory(): boolean }): boolean {
    if (file === this.root) return false;
    if (isIgnoredName(path.basename(file))) return true;
    if (this.folder.afterUpload === 'move') {
      const moved = path.join(this.root, this.folder.moveSubdir ?? 'uploaded');
      if (file === moved || file.startsWith(`${moved}${path.sep}`)) return true;
    }
    if (stats?.isFile()) return !this.included(file);
    return false;
  }

  private included(file: string): boolean {
    const extensions =
      this.folder.includeExtensions.length > 0 ? this.folder.includeExtensions : this.deps.defaultExtensions;
    return extensions.includes(path.extname(file).toLowerCase());
  }

  private onSeen(file: string, stats?: { size: number; mtimeMs: number }): void {
    if (!this.included(file)) return;
    this.seen.add(file);
    const before = this.outcomes.get(file);
    // Once per write: a scanner writing a large file changes it many times before it is still.
    if (before !== 'found' && before !== 'settling')
      this.record(
        file,
        'found',
        `${path.basename(file)} found; waiting until its writes finish (unchanged for ${this.folder.stableSeconds} s).`,
      );
    this.outcomes.set(file, 'settling');
    this.stability.touch(file, stats);
    this.publish();
  }

  private onGone(file: string): void {
    this.outcomes.delete(file);
    this.seen.delete(file);
    this.publish();
  }

  private async onWatchError(error: NodeJS.ErrnoException): Promise<void> {
    if (this.stopped) return;
    if (error.code && RESOURCE_ERRORS.has(error.code) && this.mode === 'events') {
      this.forcePolling = true;
      await this.watcher?.close();
      await this.open();
      this.statusMessage =
        'The system ran out of file-watch handles; this folder is watched by polling instead.';
      this.publish();
      return;
    }
    this.setStatus('error', `Watching failed: ${error.message}. It is retried every few seconds.`);
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private async checkReachable(): Promise<void> {
    if (this.stopped) return;
    const present = (await stat(this.root).catch(() => undefined))?.isDirectory() === true;
    if (!present && this.status !== 'unreachable') {
      await this.watcher?.close();
      this.watcher = undefined;
      this.stability.close();
      this.setStatus(
        'unreachable',
        `${this.root} cannot be reached (is the share unmounted or the folder renamed?). Watching resumes when it is back.`,
      );
    } else if (present && (this.status === 'unreachable' || (this.status === 'error' && !this.watcher))) {
      await this.open();
    }
  }

  // ---- one file ----------------------------------------------------------------------------------------------

  private async onStableLimited(file: string, version: SourceVersion): Promise<void> {
    await this.intake.acquire();
    try {
      await this.onStable(file, version);
    } finally {
      this.intake.release();
    }
  }

  private async onStable(file: string, version: SourceVersion): Promise<void> {
    if (this.stopped) return;
    try {
      // A .mrxs or .vsi may appear before its folder: the set waits for its files rather than being refused.
      const extension = path.extname(file).toLowerCase();
      const multi =
        extension === '.mrxs' || extension === '.vsi'
          ? { main: file }
          : await this.deps.multiFileSlideOf(file);
      if (multi) return this.waitForSet(file, multi.main);
      const inspection = await this.deps.inspect(file, version);
      switch (inspection.kind) {
        case 'slide':
          this.record(
            file,
            'checked',
            `${path.basename(file)} passed slide QC's structure check (${formatLabel(inspection.format)}); its image data is decoded and checked before it uploads.`,
          );
          // QC read the file already: its fingerprint spares the queue's duplicate check an open, if it is this version.
          return this.enqueue(
            file,
            version,
            inspection.fingerprint?.size === version.size ? inspection.fingerprint.value : undefined,
          );
        case 'incomplete':
        case 'not-a-slide':
          return this.record(file, 'skipped', about(file, inspection.reason));
        case 'unreadable':
          return this.record(file, 'failed', about(file, inspection.reason));
      }
    } catch (error) {
      this.record(file, 'failed', `${path.basename(file)} could not be checked: ${(error as Error).message}`);
    }
  }

  /** A file of a multi-file slide: the set (named by its main file) is queued once, when all of it is still. */
  private waitForSet(file: string, main: string): void {
    if (file !== main) this.outcomes.set(file, 'settling');
    this.sets.consider(main);
    this.publish();
  }

  private async enqueueSet({ main, inspection }: SettledSet): Promise<void> {
    if (this.stopped) return;
    this.record(
      main,
      'checked',
      `${path.basename(main)} passed slide QC with all ${inspection.members.length} of its files (${formatLabel(inspection.format)}).`,
    );
    const [result] = await this.deps.engine.add([
      {
        path: main,
        // The versions QC read after the set was still for the window: the ZIP holds exactly these.
        checked: await setVersion(inspection.members),
        slideSet: { format: inspection.format, members: inspection.members },
        metadata: this.folder.metadata,
        ...(this.folder.deidentify ? { deidentify: true } : {}),
        ...(this.deps.persisted ? { watchFolderId: this.folder.id } : {}),
        automatic: true,
      },
    ]);
    for (const member of inspection.members) if (member.path !== main) this.outcomes.delete(member.path);
    if (result) await this.recordAdd(main, result);
  }

  /** Slides ready at about the same time (a catch-up scan) go to the engine together: one transaction. */
  private enqueue(file: string, version: SourceVersion, fingerprint: string | undefined): void {
    this.readyBatch.push({ file, version, fingerprint });
    if (this.readyBatch.length >= 200) void this.flushReady();
    else this.batchTimer ??= setTimeout(() => void this.flushReady(), 25);
  }

  private async flushReady(): Promise<void> {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const batch = this.readyBatch.splice(0);
    if (batch.length === 0 || this.stopped) return;
    const results = await this.deps.engine.add(
      batch.map(({ file, version, fingerprint }) => ({
        path: file,
        version,
        // Stability confirmed this version, and QC passed it (only slides are enqueued) — all but the decoding.
        checked: version,
        pixelQcOwed: true,
        ...(fingerprint ? { fingerprint } : {}),
        metadata: this.folder.metadata,
        ...(this.folder.deidentify ? { deidentify: true } : {}),
        ...(this.deps.persisted ? { watchFolderId: this.folder.id } : {}),
        automatic: true,
      })),
    );
    for (const [index, result] of results.entries()) await this.recordAdd(batch[index]!.file, result);
  }

  private async recordAdd(file: string, result: AddResult): Promise<void> {
    const name = path.basename(file);
    switch (result.outcome) {
      case 'added':
      case 'resumed':
        this.ownJobs.add(result.job.id);
        return this.record(file, 'queued', `${name} queued for upload.`);
      case 'already-uploaded':
        // The after-upload action may not have run (the app stopped right after the upload): run it now.
        this.ownJobs.add(result.job.id);
        if (this.folder.afterUpload !== 'leave') return this.afterJob(result.job);
        return this.record(file, 'duplicate', `${name} was already uploaded.`);
      case 'duplicate':
        return this.record(
          file,
          'duplicate',
          `${name} has the same content as ${result.job.sourcePath}, which ${result.job.state === 'done' ? 'was already uploaded' : 'is already queued'}.`,
        );
      case 'left-for-person':
        // Its job is this folder's again: once a person retries or resumes it, the after-upload action applies.
        this.ownJobs.add(result.job.id);
        return this.record(file, ...leftForPerson(name, result.job, result.cleared));
      case 'error':
        return this.record(file, 'failed', `${name}: ${result.message}`);
    }
  }

  private record(file: string, outcome: WatchFileOutcome, message: string): void {
    const at = Date.now();
    this.outcomes.set(file, outcome);
    this.lastFile = { path: file, outcome, at };
    this.deps.emit({ type: 'watch-file', folderId: this.folder.id, path: file, outcome, message, at });
    this.publish();
  }

  private setStatus(status: WatchFolderStatus, message: string | null): void {
    this.status = status;
    this.statusMessage = message;
    this.publish();
  }

  /** Status events at most 10 per second: a catch-up scan may see thousands of files at once. */
  private publish(): void {
    this.publishTimer ??= setTimeout(() => {
      this.publishTimer = undefined;
      this.deps.emit({ type: 'watch-folder-updated', folder: this.view() });
    }, 100);
  }
}
