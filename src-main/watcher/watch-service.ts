import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  watchFolderSettingsSchema,
  type WatchFolderInput,
  type WatchFolderView,
  type WatcherEvent,
} from '../../src-shared/watcher/index.js';
import type { JobState } from '../../src-shared/engine/index.js';
import type { UploadEngine } from '../engine/engine.js';
import { multiFileSlideOf, qcSlide, SLIDE_EXTENSIONS } from '../slides/index.js';
import { FolderWatcher, type FolderWatcherDeps } from './folder-watcher.js';
import { WatchFoldersRepo, type StoredWatchFolder } from './watch-folders-repo.js';

export interface WatchServiceOptions {
  engine: UploadEngine;
  /** For tests: faster reachability checks and polling. */
  reachabilityEveryMs?: number;
  pollIntervalMs?: number;
  isNetworkFolder?: (folder: string) => Promise<boolean>;
}

export class WatchFolderError extends Error {}

/**
 * All watch folders: the saved ones (in the engine's SQLite) and transient ones (the CLI's `watch` without
 * --save), each a {@link FolderWatcher} feeding the engine's queue. Post-upload actions run when the engine
 * finishes a job one of them queued.
 */
/** How a watched file's job ends, as far as its folder is concerned. */
const ENDINGS: readonly JobState[] = ['done', 'failed', 'duplicate'];

export class WatchService {
  private readonly repo: WatchFoldersRepo;
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly events = new EventEmitter();
  private nextTransientId = -1;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: WatchServiceOptions) {
    this.repo = new WatchFoldersRepo(options.engine.database);
    this.unsubscribe = options.engine.on((event) => {
      if (event.type !== 'job-updated' || event.change !== 'state' || !ENDINGS.includes(event.job.state))
        return;
      const watcher = [...this.watchers.values()].find(
        (candidate) => candidate.owns(event.job.id) || candidate.folder.id === event.job.watchFolderId,
      );
      void watcher?.afterJob(event.job);
    });
  }

  on(listener: (event: WatcherEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Starts every saved, enabled folder. */
  async start(): Promise<void> {
    for (const folder of this.repo.all()) await this.launch(folder, true);
  }

  list(): WatchFolderView[] {
    return [...this.watchers.values()].map((watcher) => watcher.view());
  }

  /** Adds a folder (validated; it must exist and not be watched already) and starts watching it. */
  async add(
    input: WatchFolderInput,
    options: { persist?: boolean } = { persist: true },
  ): Promise<WatchFolderView> {
    const settings = await this.validate(input);
    if (this.repo.byPath(settings.path) || this.list().some((folder) => folder.path === settings.path)) {
      throw new WatchFolderError(`${settings.path} is already watched.`);
    }
    const stored: StoredWatchFolder =
      options.persist === false ? { ...settings, id: this.nextTransientId-- } : this.repo.add(settings);
    return (await this.launch(stored, options.persist !== false)).view();
  }

  async update(id: number, input: WatchFolderInput): Promise<WatchFolderView> {
    const settings = await this.validate(input);
    const existing = this.watchers.get(id);
    if (!existing) throw new WatchFolderError(`There is no watch folder ${id}.`);
    const persisted = id > 0;
    const stored = persisted ? this.repo.update(id, settings)! : { ...settings, id };
    await existing.stop();
    return (await this.launch(stored, persisted)).view();
  }

  async setEnabled(id: number, enabled: boolean): Promise<WatchFolderView> {
    const existing = this.watchers.get(id);
    if (!existing) throw new WatchFolderError(`There is no watch folder ${id}.`);
    return this.update(id, { ...existing.folder, enabled });
  }

  async remove(id: number): Promise<void> {
    await this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    if (id > 0) this.repo.remove(id);
    this.emit({ type: 'watch-folder-removed', folderId: id });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.stop()));
    this.watchers.clear();
  }

  private async validate(input: WatchFolderInput) {
    const parsed = watchFolderSettingsSchema.safeParse({ ...input, path: path.resolve(input.path) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WatchFolderError(
        `Invalid watch folder setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    const info = await stat(parsed.data.path).catch(() => undefined);
    if (!info?.isDirectory())
      throw new WatchFolderError(
        `${parsed.data.path} is not a folder that can be reached from this computer.`,
      );
    return parsed.data;
  }

  private async launch(folder: StoredWatchFolder, persisted: boolean): Promise<FolderWatcher> {
    const deps: FolderWatcherDeps = {
      engine: this.options.engine,
      inspect: (file, version) =>
        qcSlide(file, { fingerprint: true, ...(version ? { knownFile: { size: version.size } } : {}) }),
      multiFileSlideOf,
      defaultExtensions: SLIDE_EXTENSIONS,
      emit: (event) => this.emit(event),
      jobCounts: (id) => this.repo.jobCounts(id),
      persisted,
      ...(this.options.isNetworkFolder ? { isNetworkFolder: this.options.isNetworkFolder } : {}),
      ...(this.options.reachabilityEveryMs ? { reachabilityEveryMs: this.options.reachabilityEveryMs } : {}),
      ...(this.options.pollIntervalMs ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
    };
    const watcher = new FolderWatcher(folder, deps);
    this.watchers.set(folder.id, watcher);
    await watcher.start();
    return watcher;
  }

  private emit(event: WatcherEvent): void {
    this.events.emit('event', event);
  }
}
