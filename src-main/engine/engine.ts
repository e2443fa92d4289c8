import { EventEmitter } from 'node:events';
import { errorLine, wordError } from '../../src-shared/app/error-words.js';
import type { EngineEvent, JobState, JobView, QueueHold, UploadMode } from '../../src-shared/engine/index.js';
import { ACTIVE_STATES, FINISHED_STATES, OPEN_STATES } from '../../src-shared/engine/index.js';
import type { ApiClient } from '../api/index.js';
import type { MultipartCapabilities } from '../../src-shared/api/index.js';
import type { Db } from '../shared/sqlite.js';
import { quickFingerprint } from '../shared/fingerprint.js';
import { jobSource, membersOf, membersToJson } from './source/job-members.js';
import type { SlideMember } from '../slides/types.js';
import { statSource } from './source-file.js';
import path from 'node:path';
import { ensureStateDir } from '../shared/state-dir.js';
import { BufferPool } from './buffer-pool.js';
import { checkSlideFile, type SlideCheckResult } from './check-slide.js';
import { ContentCheck } from './content-check.js';
import { ConcurrencyMeter } from './concurrency-meter.js';
import { backUpQueue, openQueueDatabase } from './db/queue-database.js';
import { PartsRepo } from './db/parts-repo.js';
import { QueueBusyError, RunnerLock, type QueueRunner } from './db/runner-lock.js';
import { describeDestination, NO_DESTINATION, type Destination } from './destination.js';
import { decideFailure } from './failure-policy.js';
import { HashWorker } from './hash-worker.js';
import { addToQueue, type AddRequest, type AddResult } from './intake.js';
import { JobStore, type FactPatch, type JobRow } from './job-store.js';
import { DEFAULT_PART_SIZE } from './part-plan.js';
import { PresignedPosts } from './presigned-posts.js';
import { ProgressTracker } from './progress.js';
import { RateLimiter } from './rate-limiter.js';
import { dropImage } from './register-image.js';
import { resetUpload, runJob, type RunJobDeps } from './run-job.js';
import { Scheduler } from './scheduler.js';
import { Semaphore } from './semaphore.js';
import { UploadLog } from './server-log.js';

/** How an upload made earlier was sent, as the queue records it (see cli/rebuild-candidates.ts). */
export interface RememberedSending {
  fileName: string;
  size: number;
  mtimeMs: number;
  members?: SlideMember[] | undefined;
  fingerprint: string;
  deidPlan?: string | undefined;
}

export interface EngineSettings {
  /** Files uploaded at once; with `adaptiveConcurrency`, the least (and all that large files get). */
  fileConcurrency: number;
  /**
   * More small files at once while that raises the queue's throughput (adaptive-concurrency.ts): hides their
   * per-file round trips on a long link. Off: exactly `fileConcurrency`.
   */
  adaptiveConcurrency: boolean;
  /** Parts in flight (each a part buffer in memory) across all files. */
  partConcurrency: number;
  /** Preferred multipart part size, bytes. */
  partSize: number;
  /** Bytes per second for the whole queue; undefined = unlimited. */
  limitRate: number | undefined;
  /** 'auto' uses the multipart extension when the server offers it. */
  uploadMode: 'auto' | 'multipart' | 'post';
}

export interface EngineOptions extends Partial<EngineSettings> {
  /** Where queue.sqlite lives. */
  stateDir: string;
  api: ApiClient;
  /**
   * The server `api` talks to, as a stable key (destination.ts). Only its jobs run, resume, deduplicate and
   * clean up here; jobs of other servers are kept, shown as theirs, and held.
   */
  destination: Destination;
  /**
   * Slide QC for a source that changed after it was checked: its refusal, or the members it passes with. A job
   * whose new version fails is failed with that reason, never uploaded. Default: the slide inspector.
   */
  checkSlide?: (path: string) => Promise<SlideCheckResult>;
  /** A transfer moving no byte this long is aborted and retried (default 60 s). */
  stallMs?: number;
  /** Who runs the queue, as another process sees it: "the command-line agent", "the desktop app"… */
  runnerLabel?: string;
  /** Backoff for temporary failures: first delay and cap (defaults 1 s and 2 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
}

export type { AddRequest, AddResult } from './intake.js';

/** The most small files at once with adaptive concurrency (each an open connection and a few API calls). */
const MAX_ADAPTIVE_FILES = 32;
/** How often a running engine beats its heart and looks for jobs queued by other processes. */
const TICK_MS = 2000;
type Target = number | 'all';

/**
 * The upload queue: a durable SQLite queue of jobs, run a few at a time, surviving crashes and restarts. Plain
 * Node (no Electron). The engine decides and directs; the {@link JobStore} writes every job row (and sends its
 * event), the {@link Scheduler} picks what runs, {@link ContentCheck} decides possible duplicates in the
 * background, `decideFailure` is the failure policy and `runJob` moves one job through its steps. Subscribers get
 * {@link EngineEvent}s; progress at most 10 times a second.
 */
export class UploadEngine {
  private readonly db: Db;
  private readonly store: JobStore;
  private readonly parts: PartsRepo;
  private readonly events = new EventEmitter();
  private readonly running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private readonly limiter: RateLimiter;
  private readonly pool: BufferPool;
  private partSlots: Semaphore;
  private readonly progress: ProgressTracker;
  private readonly scheduler: Scheduler;
  private readonly concurrency: ConcurrencyMeter;
  private contentCheck: ContentCheck | undefined;
  private settings: EngineSettings;
  private hold: QueueHold | undefined;
  private started = false;
  private closed = false;
  /** The server's multipart capabilities document (null: no extension), asked once per settings. */
  private capabilities: Promise<MultipartCapabilities | null> | undefined;
  private readonly presignedPosts = new PresignedPosts();
  private readonly hashWorker = new HashWorker();
  private readonly runner: RunnerLock;
  /** While running: the heartbeat, and a look for jobs other processes queued (e.g. `upload` beside the app). */
  private tick: NodeJS.Timeout | undefined;
  private readonly pendingLogs = new Map<number, Promise<void>>();
  private readonly uploadLog: UploadLog;
  private readonly destination: Destination;

  constructor(private readonly options: EngineOptions) {
    ensureStateDir(options.stateDir);
    this.db = openQueueDatabase(options.stateDir);
    this.destination = options.destination;
    this.store = new JobStore(this.db, this.destination, (event) => this.emit(event));
    this.parts = new PartsRepo(this.db);
    // The upload itself is unaffected by its log: a failed entry is information; a server without a log a warning.
    this.uploadLog = new UploadLog(options.api, (message, jobId, level) =>
      this.notice(level, message, jobId),
    );
    this.runner = new RunnerLock(this.db, {
      label: options.runnerLabel ?? 'another PathomIQ Uploader',
      destination: options.destination,
    });
    this.settings = {
      fileConcurrency: options.fileConcurrency ?? 4,
      adaptiveConcurrency: options.adaptiveConcurrency ?? true,
      partConcurrency: options.partConcurrency ?? 4,
      partSize: options.partSize ?? DEFAULT_PART_SIZE,
      limitRate: options.limitRate,
      uploadMode: options.uploadMode ?? 'auto',
    };
    this.limiter = new RateLimiter(this.settings.limitRate);
    this.pool = new BufferPool(this.settings.partConcurrency);
    this.partSlots = new Semaphore(this.settings.partConcurrency);
    this.progress = new ProgressTracker(
      (jobs, totals) => this.emit({ type: 'progress', jobs, totals }),
      () => this.counts(),
    );
    this.concurrency = new ConcurrencyMeter(() => ({
      floor: this.settings.fileConcurrency,
      ceiling: this.settings.adaptiveConcurrency ? MAX_ADAPTIVE_FILES : this.settings.fileConcurrency,
      // Files below a part go by one presigned POST: their round trips weigh most.
      smallFileBytes: this.settings.partSize,
    }));
    this.concurrency.onChange = () => this.pump();
    this.scheduler = new Scheduler({
      store: this.store,
      destination: this.destination,
      capacity: () => this.concurrency.capacity,
      running: () => new Set(this.running.keys()),
      launch: (jobId) => this.launch(jobId),
    });
    this.events.setMaxListeners(50);
  }

  // ---- subscribing and reading -------------------------------------------------------------------------

  on(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** The queue as shown: every job but the finished ones "Clear finished" hid. */
  list(): JobView[] {
    return this.store.visibleViews();
  }

  /** The queue by page: its first `limit` jobs, and every job's id in queue order. */
  listFirst(limit: number): { jobs: JobView[]; order: number[] } {
    return this.store.visibleViewsPage(limit);
  }

  /** Jobs of the queue by id; those no longer in it are left out. */
  listById(ids: readonly number[]): JobView[] {
    return this.store.visibleViewsById(ids);
  }

  /** The files a job uploads as recorded: a multi-file slide's members (null for a single file). */
  membersOf(id: number): SlideMember[] | null {
    const row = this.store.get(id);
    return row ? membersOf(row) : null;
  }

  get(id: number): JobView | undefined {
    const row = this.store.get(id);
    return row && this.store.view(row);
  }

  get queueHold(): QueueHold | undefined {
    return this.hold;
  }

  getSettings(): EngineSettings {
    return { ...this.settings };
  }

  updateSettings(patch: Partial<EngineSettings>): EngineSettings {
    const previous = this.settings;
    this.settings = { ...this.settings, ...patch };
    this.limiter.setLimit(this.settings.limitRate);
    // Jobs already running keep their slots; new ones share the new pool.
    if (previous.partConcurrency !== this.settings.partConcurrency)
      this.partSlots = new Semaphore(this.settings.partConcurrency);
    this.capabilities = undefined;
    this.concurrency.reset();
    this.pump();
    return this.getSettings();
  }

  /** The queue's database, shared with the watch service (watch folders live beside the jobs they feed). */
  get database(): Db {
    return this.db;
  }

  // ---- adding ---------------------------------------------------------------------------------------------

  /**
   * Queues files without reading them whole (intake.ts): the same file version already in the queue is
   * resumed, one already uploaded is reported and skipped unless `force`, a possible copy is checked in the
   * background.
   */
  async add(requests: readonly AddRequest[]): Promise<AddResult[]> {
    this.adoptLegacyJobs();
    const results = await addToQueue(
      {
        store: this.store,
        destination: this.destination,
        modeIfKnown: (size) => this.chooseMode(size).catch(() => undefined),
        requeue: (row) => this.requeue(row),
      },
      requests,
    );
    this.pump();
    return results;
  }

  /**
   * Remembers a file as uploaded earlier to this server (rebuilding a lost queue's history): a done job, hidden
   * from the queue view, so adding the file (or a copy) again says "already uploaded". It passes through the
   * transition table like any upload: queued, finalizing with the stored image's ids and hash, done.
   */
  async rememberUpload(upload: {
    path: string;
    userid: number;
    sha256: string;
    imageId: number;
    imageUniqueId: string;
    /** How that upload was sent, when known (a multi-file slide, a de-identified one); else the file as it is. */
    sent?: RememberedSending;
  }): Promise<JobView> {
    this.adoptLegacyJobs();
    const absolute = path.resolve(upload.path);
    const sent = upload.sent ?? (await this.sendingOfFile(absolute));
    const [row] = this.store.add([
      {
        sourcePath: absolute,
        fileName: sent.fileName,
        size: sent.size,
        mtimeMs: sent.mtimeMs,
        members: sent.members ? membersToJson(sent.members) : undefined,
        metadata: { userid: upload.userid },
        fingerprint: sent.fingerprint,
        server: this.destination,
        deidPlan: sent.deidPlan,
      },
    ]);
    const { id } = row!;
    this.store.transition(id, ['queued'], 'finalizing', {
      image_id: upload.imageId,
      image_unique_id: upload.imageUniqueId,
      sha256: upload.sha256,
      upload_complete: 1,
      bytes_done: sent.size,
    });
    this.store.transition(id, ['finalizing'], 'done', { finished_at: Date.now() });
    this.store.hide(id);
    return this.get(id)!;
  }

  /** A single file sent as it is: how the queue records it. */
  private async sendingOfFile(absolute: string): Promise<RememberedSending> {
    const version = await statSource(absolute);
    return {
      fileName: path.basename(absolute),
      size: version.size,
      mtimeMs: version.mtimeMs,
      fingerprint: await quickFingerprint(absolute, version.size),
    };
  }

  // ---- control --------------------------------------------------------------------------------------------

  /**
   * Starts running queued jobs (including any left active by a crash). Throws {@link QueueBusyError} when another
   * process already runs this queue: two runners would upload the same slides twice.
   */
  start(): void {
    if (this.started) return;
    const taken = this.runner.acquire();
    if (!taken.ok) throw new QueueBusyError(taken.holder, this.options.stateDir, this.destination);
    this.adoptLegacyJobs();
    this.started = true;
    this.progress.seed(this.list());
    this.contentCheck = new ContentCheck({
      store: this.store,
      destination: this.destination,
      sha256: (job, signal) => jobSource(job).sha256(signal),
      decided: () => this.scheduler.pump(),
    });
    this.scheduler.start();
    this.tick = setInterval(() => {
      this.runner.heartbeat();
      this.progress.recount();
      this.pump();
    }, TICK_MS);
    this.tick.unref();
    this.pump();
  }

  /** Another live process running this queue, if any (commands must not change jobs behind its back). */
  runnerElsewhere(): QueueRunner | undefined {
    return this.started ? undefined : this.runner.holderElsewhere();
  }

  /** Stops all transfers and checks, leaving every job resumable; for shutdown and Ctrl-C. */
  async stop(): Promise<void> {
    const wasStarted = this.started;
    this.started = false;
    this.scheduler.stop();
    clearInterval(this.tick);
    const running = [...this.running.values()];
    for (const run of running) run.controller.abort(new StopSignal('stop'));
    await Promise.all([...running.map((run) => run.done), this.contentCheck?.close()]);
    this.contentCheck = undefined;
    if (wasStarted) this.runner.release();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    await Promise.all(this.pendingLogs.values());
    this.closed = true;
    this.progress.close();
    await this.hashWorker.close();
    try {
      backUpQueue(this.db, this.options.stateDir);
    } catch (error) {
      this.notice('warning', `The queue could not be backed up: ${(error as Error).message}`);
    }
    this.db.close();
  }

  /** Pauses queued and running jobs (not those being checked: resuming one must not skip its check). */
  pause(target: Target): void {
    for (const row of this.targets(target, (state) => state === 'queued' || ACTIVE_STATES.includes(state))) {
      this.running.get(row.id)?.controller.abort(new StopSignal('pause'));
      this.store.transition(row.id, [row.state], 'paused');
    }
    this.pump();
  }

  /** Resumes paused jobs; `all` also releases a queue held for sign-in. */
  resume(target: Target): void {
    if (target === 'all') this.releaseHold();
    for (const row of this.targets(target, (state) => state === 'paused')) this.requeue(row);
    this.pump();
  }

  async cancel(target: Target): Promise<void> {
    for (const row of this.targets(target, (state) => state !== 'done' && state !== 'cancelled')) {
      const run = this.running.get(row.id);
      run?.controller.abort(new StopSignal('cancel'));
      // Cancelled before the run winds down, so the scheduler cannot pick the job up again meanwhile.
      this.store.transition(row.id, [row.state], 'cancelled');
      await run?.done;
      if (this.isElsewhere(row)) {
        // Its ids belong to another server: nothing here can abort or delete them.
        this.notice(
          'info',
          `${row.file_name} was cancelled here; anything it left on ${describeDestination(row.server!)} stays there.`,
          row.id,
        );
        continue;
      }
      const job = this.store.get(row.id)!;
      this.serverLog(job, 'Upload cancelled by user');
      await this.pendingLogs.get(job.id);
      await this.cleanUp(job);
    }
    this.pump();
  }

  /**
   * Queues failed, cancelled and waiting jobs again now, their counters reset (a person asked). A duplicate is
   * queued only when named by its id: that is "upload anyway", which "retry all" must never do to every copy.
   */
  retry(target: Target): void {
    const retriable = this.targets(target, (state) => state !== 'done').filter(
      (row) =>
        row.state === 'failed' ||
        row.state === 'cancelled' ||
        (row.state === 'duplicate' && target !== 'all') ||
        (row.retry_at !== null && row.state !== 'duplicate'),
    );
    for (const row of retriable) this.requeue(row, { source_restarts: 0, duplicate_of: null });
    this.pump();
  }

  /** Moves a job before another one, to the front (undefined) or to the end ('end'). */
  moveBefore(jobId: number, beforeJobId?: number | 'end'): void {
    if (!this.store.get(jobId)) return;
    this.store.move(jobId, beforeJobId);
    this.pump();
  }

  setPriority(jobId: number, priority: number): void {
    this.store.record(jobId, { priority });
    this.pump();
  }

  /**
   * Takes finished jobs off the list. A done job is only hidden: it stays the memory of that upload, so the same
   * file (or the same content elsewhere) is still "already uploaded" — forgetting is {@link forget}. Failed,
   * cancelled and duplicate ones are removed (a failed one of this server cleans up its half-made record first),
   * except a failed or cancelled job a watch folder queued (saved, or watched for a while only), which is hidden
   * too: it is the memory of a person's decision, so the next watch of that folder does not upload that file
   * version after all (intake.ts).
   */
  async clearFinished(): Promise<number> {
    let removed = 0;
    for (const row of this.store.visible().filter((job) => FINISHED_STATES.includes(job.state))) {
      const decision =
        (row.state === 'failed' || row.state === 'cancelled') &&
        (row.added_automatically === 1 || row.watch_folder_id !== null);
      if (row.state === 'failed' && !this.isElsewhere(row)) await this.cleanUp(row).catch(() => undefined);
      if (row.state === 'done' || decision) this.store.hide(row.id);
      else this.store.remove(row.id);
      this.progress.forget(row.id);
      removed += 1;
    }
    return removed;
  }

  /**
   * Forgets a finished upload for good: the file, or a copy of it, is then added (and uploaded) again like a new
   * one. The image on the server is left alone. Returns false for a job that is not finished (or not there).
   */
  forget(jobId: number): boolean {
    const row = this.store.get(jobId);
    if (!row || !FINISHED_STATES.includes(row.state)) return false;
    this.store.remove(jobId);
    this.progress.forget(jobId);
    return true;
  }

  /**
   * "Send to this server instead": jobs of another server that did not finish there start over here, their old
   * server's ids cleared (they mean nothing here), and checked against this server's uploads for copies first.
   * Returns how many moved. Done jobs stay the other server's history; the same file added here is a new upload.
   */
  retarget(target: Target): number {
    if (this.destination === NO_DESTINATION) return 0;
    // Cancelled ones stay cancelled: the user ended them, and moving them would start them again.
    const moving = this.targets(target, (state) => state !== 'done' && state !== 'cancelled', true).filter(
      (row) => this.isElsewhere(row),
    );
    for (const row of moving) {
      this.parts.clear(row.id);
      this.store.transition(row.id, [row.state], row.fingerprint === null ? 'queued' : 'checking', {
        server: this.destination,
        image_id: null,
        image_unique_id: null,
        registering_since: null,
        upload_id: null,
        upload_mode: null,
        part_size: null,
        upload_complete: 0,
        stored_etag: null,
        bytes_done: 0,
        sha256: null,
        source_restarts: 0,
        duplicate_of: null,
        attempts: 0,
        finished_at: null,
        retry_at: null,
        error_message: null,
        error_kind: null,
        error_retryable: null,
      });
    }
    this.pump();
    return moving.length;
  }

  /**
   * Resolves when none of `jobIds` (default: all) is being checked, queued or active any more — finished, paused
   * or held — or the whole queue is held.
   */
  whenSettled(jobIds?: readonly number[]): Promise<JobView[]> {
    const ids = jobIds ?? this.store.visible().map((job) => job.id);
    const isOpen = (state: JobState) => OPEN_STATES.includes(state);
    // Another server's jobs never run here: waiting for them would never end. Open jobs are tracked from events
    // instead of re-reading every job on every event (thousands of files).
    const open = new Set(
      ids.filter((id) => {
        const row = this.store.get(id);
        return row !== undefined && isOpen(row.state) && !this.isElsewhere(row);
      }),
    );
    const result = () => ids.map((id) => this.get(id)).filter((job): job is JobView => job !== undefined);
    return new Promise((resolve) => {
      const check = () => {
        if (open.size > 0 && !this.hold) return;
        unsubscribe();
        resolve(result());
      };
      const unsubscribe = this.on((event) => {
        if (event.type === 'job-updated' && open.has(event.job.id) && !isOpen(event.job.state))
          open.delete(event.job.id);
        else if (
          event.type === 'job-updated' &&
          isOpen(event.job.state) &&
          !event.job.elsewhere &&
          ids.includes(event.job.id)
        )
          open.add(event.job.id);
        else if (event.type === 'job-removed') open.delete(event.jobId);
        if (event.type !== 'progress') check();
      });
      check();
    });
  }

  // ---- running --------------------------------------------------------------------------------------------

  private pump(): void {
    if (!this.started || this.closed || this.hold) return;
    this.scheduler.pump();
    this.contentCheck?.kick();
  }

  private launch(jobId: number): void {
    // After an idle spell the throughput measured before means nothing: climb again from the floor.
    if (this.running.size === 0) this.concurrency.reset();
    const row = this.store.get(jobId)!;
    const controller = new AbortController();
    // A retryable error stays visible while the job tries again; anything else and the retry time are cleared.
    const clean = row.retry_at === null && (row.error_message === null || row.error_retryable === 1);
    const job = clean
      ? row
      : this.store.setError(
          row.id,
          row.error_retryable === 1
            ? { message: row.error_message!, kind: row.error_kind ?? '', retryable: true }
            : null,
          null,
        );
    const deps: RunJobDeps = {
      api: this.options.api,
      jobs: this.store,
      parts: this.parts,
      limiter: this.limiter,
      pool: this.pool,
      hashWorker: this.hashWorker,
      partSlots: this.partSlots,
      partSize: this.settings.partSize,
      stallMs: this.options.stallMs ?? 60_000,
      signal: controller.signal,
      onProgress: (bytes) => this.progress.report(job.id, bytes, job.size),
      notice: (message) => this.notice('info', message, job.id),
      chooseMode: (size) => this.chooseMode(size),
      capabilities: () => this.multipartCapabilities(),
      checkSlide: this.options.checkSlide ?? checkSlideFile,
      serverLog: (target, message) => this.serverLog(target, message),
      presignedPosts: this.presignedPosts,
      setState: (target, state, patch) => this.moveOn(target, state, patch, controller.signal),
    };
    const done = runJob(deps, job)
      .then(
        () => {
          this.finish(job.id);
          this.concurrency.fileFinished(job.size);
        },
        (error: unknown) => this.handleFailure(job.id, error, controller.signal),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.progress.forget(job.id);
        this.pump();
      });
    this.running.set(job.id, { controller, done });
  }

  /**
   * A running job's next step. A run that was paused, cancelled or stopped must not move its job on while it
   * winds down, but the facts it learnt (ids, hashes) stay recorded; so do they when the state moved meanwhile.
   */
  private moveOn(job: JobRow, state: JobState, patch: FactPatch | undefined, signal: AbortSignal): void {
    if (job.state === state && !patch) return;
    const moved = signal.aborted ? undefined : this.store.transition(job.id, [job.state], state, patch);
    if (moved) Object.assign(job, moved);
    else if (patch) Object.assign(job, this.store.record(job.id, patch));
  }

  /**
   * Multipart when the server offers it and the file is larger than one part; a file that fits in one part goes
   * by presigned POST (fewer round trips, nothing to resume anyway). A forced mode always wins.
   */
  private async chooseMode(size: number): Promise<UploadMode> {
    if (this.settings.uploadMode !== 'auto') return this.settings.uploadMode;
    if (size <= this.settings.partSize) return 'post';
    return (await this.multipartIsOffered()) ? 'multipart' : 'post';
  }

  private async multipartIsOffered(): Promise<boolean> {
    return (await this.multipartCapabilities()) !== null;
  }

  private multipartCapabilities(): Promise<MultipartCapabilities | null> {
    this.capabilities ??= this.options.api.getMultipartCapabilities().catch((error: unknown) => {
      this.capabilities = undefined;
      throw error;
    });
    return this.capabilities;
  }

  /**
   * Gets ready to upload while the caller does other work (slide QC): the HTTP stack loads and the server's
   * capabilities are asked for, and the hash worker starts, so none of it stands between QC and the first byte.
   * Sends nothing about any file; a failure here is only forgotten (the upload asks again).
   */
  warmUp(): void {
    this.multipartCapabilities().catch(() => undefined);
    this.hashWorker.warmUp();
  }

  /** Server log entries run beside the upload (ordered per job); close() waits for those still on the way. */
  private serverLog(job: JobRow, message: string): void {
    if (this.isElsewhere(job)) return; // its image lives on another server
    const previous = this.pendingLogs.get(job.id) ?? Promise.resolve();
    const next = previous.then(() => this.uploadLog.post(job, message));
    this.pendingLogs.set(job.id, next);
    void next.finally(() => {
      if (this.pendingLogs.get(job.id) === next) this.pendingLogs.delete(job.id);
    });
  }

  /** Done: only from finalizing, where the stored bytes were verified and the server said "Uploaded". */
  private finish(jobId: number): void {
    this.store.transition(jobId, ['finalizing'], 'done', {
      finished_at: Date.now(),
      error_message: null,
      error_kind: null,
      error_retryable: null,
      retry_at: null,
    });
  }

  /** Carries out the failure policy's decision for a run that threw. */
  private async handleFailure(jobId: number, error: unknown, signal: AbortSignal): Promise<void> {
    if (signal.aborted && signal.reason instanceof StopSignal) return; // paused, cancelled or stopping: handled there
    const row = this.store.get(jobId);
    if (!row) return;
    const decision = decideFailure(
      error,
      { fileName: row.file_name, attempts: row.attempts, sourceRestarts: row.source_restarts },
      Date.now(),
      { retryBaseMs: this.options.retryBaseMs ?? 1000, retryCapMs: this.options.retryCapMs ?? 120_000 },
    );
    switch (decision.kind) {
      case 'hold-queue':
        this.store.setError(jobId, decision.error, null);
        this.holdQueue({
          reason: 'auth',
          // The one vocabulary's words ("…Sign in again…"); the server's technical answer stays on the job's error.
          message: `${errorLine(wordError('unauthorized'))} The queue is paused; nothing is lost.`,
        });
        break;
      case 'restart-upload':
        this.notice('warning', decision.error.message, jobId);
        await resetUpload(this.depsFor(), row).catch(() => undefined);
        this.store.setError(jobId, decision.error, Date.now(), { source_restarts: decision.sourceRestarts });
        break;
      case 'retry':
        this.store.setError(jobId, decision.error, decision.retryAt, { attempts: decision.attempts });
        break;
      case 'fail':
        // The server is tidied before "failed" is announced: whoever waits for the job sees the final truth.
        if (decision.tellServer) this.serverLog(row, `Upload failed: ${decision.error.message}`);
        await this.removeHalfMade(jobId);
        this.fail(this.store.get(jobId) ?? row, decision.error);
        break;
    }
  }

  private fail(row: JobRow, error: { message: string; kind: string; retryable: boolean }): void {
    this.store.transition(row.id, OPEN_STATES, 'failed', {
      error_message: error.message,
      error_kind: error.kind,
      error_retryable: error.retryable ? 1 : 0,
      retry_at: null,
      finished_at: Date.now(),
    });
    // People read the one vocabulary's words; the technical message stays on the job (its details, --json).
    const words = errorLine(wordError(error.kind, { offer: { retry: true } }));
    this.notice('error', `${row.file_name}: ${words}`, row.id, error.message);
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  private depsFor() {
    return { api: this.options.api, jobs: this.store, parts: this.parts };
  }

  /**
   * A job that failed for good leaves nothing half-made on its server: its partial multipart upload is aborted
   * and its image record (never "Uploaded") deleted, and the user is told which. A retry starts afresh.
   */
  private async removeHalfMade(jobId: number): Promise<void> {
    const job = this.store.get(jobId);
    if (!job || this.isElsewhere(job) || (!job.image_unique_id && !job.upload_id)) return;
    const uid = job.image_unique_id;
    await this.pendingLogs.get(jobId); // its "Upload failed" entry goes to the record before it is deleted
    await this.cleanUp(job);
    if (uid && this.store.get(jobId)?.image_unique_id === null)
      this.notice(
        'info',
        `${job.file_name}: its unfinished image record ${uid} and any partial upload were removed from ${describeDestination(this.destination)}.`,
        jobId,
      );
  }

  /** Aborts a partial multipart upload and deletes the half-made record (it never reached "Uploaded"). */
  private async cleanUp(row: JobRow): Promise<void> {
    await resetUpload(this.depsFor(), row).catch(() => undefined);
    await dropImage(this.options.api, this.store, row).catch((error: unknown) =>
      this.notice(
        'warning',
        `Could not remove the unfinished image record of ${row.file_name}: ${error instanceof Error ? error.message : String(error)}`,
        row.id,
      ),
    );
  }

  /** Back to the queue, its problem cleared; a failed job's retry count starts afresh. */
  private requeue(row: JobRow, patch: FactPatch = {}): JobRow {
    return (
      this.store.transition(row.id, [row.state], 'queued', {
        finished_at: null,
        retry_at: null,
        error_message: null,
        error_kind: null,
        error_retryable: null,
        attempts: row.state === 'failed' ? 0 : row.attempts,
        ...patch,
      }) ?? row
    );
  }

  /**
   * The jobs a command names. "All" means this server's jobs: "Pause all" or "Cancel all" must not reach another
   * server's held jobs (a job named by its id may be, e.g. to cancel it); `retarget` alone asks for them.
   */
  private targets(target: Target, include: (state: JobState) => boolean, elsewhereToo = false): JobRow[] {
    // "All" is what the list shows: hidden jobs (done, or a watch folder's cleared decisions) are memory only.
    const rows =
      target === 'all'
        ? this.store.visible().filter((row) => elsewhereToo || !this.isElsewhere(row))
        : [this.store.get(target)].filter((row): row is JobRow => row !== undefined);
    return rows.filter((row) => include(row.state));
  }

  private holdQueue(hold: QueueHold): void {
    if (this.hold) return;
    this.hold = hold;
    for (const run of this.running.values()) run.controller.abort(new StopSignal('hold'));
    this.emit({ type: 'queue-held', hold });
  }

  /** Lets a queue held for sign-in go on (e.g. a new token was given); jobs the user paused stay paused. */
  releaseHold(): void {
    if (!this.hold) return;
    this.hold = undefined;
    this.emit({ type: 'queue-released' });
    this.pump();
  }

  /**
   * Jobs of a queue from before destinations were recorded belong to the server it is first used for — run or
   * added to — which is the one they were made for. Only looking (listing with another --server) adopts nothing.
   */
  private adoptLegacyJobs(): void {
    if (this.destination !== NO_DESTINATION) this.store.adoptUnassigned(this.destination);
  }

  /** A job of another server than the one this queue runs for now. */
  private isElsewhere(row: JobRow): boolean {
    return row.server !== null && row.server !== this.destination;
  }

  private counts(): Record<JobState, number> {
    return this.store.countByState(this.destination);
  }

  private notice(
    level: 'info' | 'warning' | 'error',
    message: string,
    jobId?: number,
    detail?: string,
  ): void {
    this.emit({ type: 'notice', level, message, jobId, ...(detail ? { detail } : {}) });
  }

  private emit(event: EngineEvent): void {
    // The speed and ETA follow every job change the queue announces (bytes acknowledged, pauses, retry waits).
    this.progress.observe(event);
    this.events.emit('event', event);
  }
}

/** Why the engine aborted a running job itself (not a failure). */
class StopSignal extends Error {
  constructor(readonly why: 'pause' | 'cancel' | 'stop' | 'hold') {
    super(`stopped: ${why}`);
  }
}
