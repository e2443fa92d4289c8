import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  watchFolderSettingsSchema,
  type WatchFolderInput,
  type WatchFolderView,
  type WatcherEvent,
  type WatchHistoryArgs,
  type WatchHistoryPage,
} from '../../src-shared/watcher/index.js';
import type { JobState } from '../../src-shared/engine/index.js';
import type { UploadEngine } from '../engine/engine.js';
import { multiFileSlideOf, qcSlide, SLIDE_EXTENSIONS } from '../slides/index.js';
import { FolderWatcher, type FolderWatcherDeps } from './folder-watcher.js';
import { WatchFoldersRepo, type StoredWatchFolder } from './watch-folders-repo.js';
import { WatchHistoryStore } from './watch-history-store.js';

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
  private readonly history: WatchHistoryStore;
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly events = new EventEmitter();
  private nextTransientId = -1;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: WatchServiceOptions) {
    this.repo = new WatchFoldersRepo(options.engine.database);
    this.history = new WatchHistoryStore(options.engine.database);
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

  /** What happened to the folder's files, newest first (searchable by file name or message, by outcome). */
  fileHistory(args: WatchHistoryArgs): WatchHistoryPage {
    const known = this.watchers.has(args.folderId) || (args.folderId > 0 && this.repo.get(args.folderId));
    if (!known) throw new WatchFolderError(`There is no watch folder ${args.folderId}.`);
    return this.history.query(args);
  }

  async remove(id: number): Promise<void> {
    await this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    this.history.forget(id);
    if (id > 0) this.repo.remove(id);
    this.emit({ type: 'watch-folder-removed', folderId: id });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.stop()));
    this.watchers.clear();
    this.history.close();
  }

  private async validate(input: WatchFolderInput) {
    const parsed = watchFolderSettingsSchema.safeParse({ ...input, path: path.resolve(input.path) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WatchFolderError(
        `Invalid watch folder setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    await this.checkFolder(parsed.data.path);
    return parsed.data;
  }

  /** Refuses a path that is missing, unreachable or a file, saying which (the form shows it on the field). */
  private async checkFolder(folder: string): Promise<void> {
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      throw new WatchFolderError(
        info.code === 'ENOENT'
          ? `There is no folder ${folder} on this computer.`
          : `${folder} cannot be reached from this computer (${info.code ?? info.message}).`,
      );
    }
    if (!info.isDirectory()) throw new WatchFolderError(`${folder} is a file, not a folder.`);
  }

  private async launch(folder: StoredWatchFolder, persisted: boolean): Promise<FolderWatcher> {
    const deps: FolderWatcherDeps = {
      engine: this.options.engine,
      inspect: (file, version) =>
        qcSlide(file, {
          fingerprint: true,
          pixels: 'codecs',
          ...(version ? { knownFile: { size: version.size } } : {}),
        }),
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
    if (event.type === 'watch-file') {
      const { folderId, path: file, outcome, message, at } = event;
      this.history.add({ folderId, path: file, outcome, message, at });
    }
    this.events.emit('event', event);
  }
}
