import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  EngineEvent,
  JobMetadata,
  JobState,
  JobView,
  QueueHold,
  UploadMode,
} from '../../src-shared/engine/index.js';
import { ACTIVE_STATES, FINISHED_STATES } from '../../src-shared/engine/index.js';
import type { ApiClient } from '../api/index.js';
import { openDatabase, type Db } from '../shared/sqlite.js';
import { backoffDelay } from './backoff.js';
import { BufferPool } from './buffer-pool.js';
import { JobsRepo, toJobView, type JobPatch, type JobRow, type NewJob } from './db/jobs-repo.js';
import { queueMigrations } from './db/migrations.js';
import { PartsRepo } from './db/parts-repo.js';
import { QueueBusyError, RunnerLock, type QueueRunner } from './db/runner-lock.js';
import { checkSlideFile } from './check-slide.js';
import { classifyFailure, JobFailure } from './job-failure.js';
import { describeDestination, NO_DESTINATION, type Destination } from './destination.js';
import { DEFAULT_PART_SIZE } from './part-plan.js';
import { MAX_POST_BYTES, tooLargeForPost } from './post-upload.js';
import { fileSha256, quickFingerprint } from '../shared/fingerprint.js';
import { HashWorker } from './hash-worker.js';
import { PresignedPosts } from './presigned-posts.js';
import { ProgressTracker } from './progress.js';
import { RateLimiter } from './rate-limiter.js';
import { resetUpload, runJob, type RunJobDeps } from './run-job.js';
import { Semaphore } from './semaphore.js';
import { dropImage } from './register-image.js';
import { UploadLog } from './server-log.js';
import { sameVersion, statSource } from './source-file.js';

export interface EngineSettings {
  /** Files uploaded at once. */
  fileConcurrency: number;
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
   * Slide QC for a source that changed after it was checked: undefined when it passes, else the reason. A job
   * whose new version fails is failed with that reason, never uploaded. Default: the slide inspector.
   */
  checkSlide?: (path: string) => Promise<string | undefined>;
  /** A transfer moving no byte this long is aborted and retried (default 60 s). */
  stallMs?: number;
  /** Who runs the queue, as another process sees it: "the command-line agent", "the desktop app"… */
  runnerLabel?: string;
  /** Backoff for temporary failures: first delay and cap (defaults 1 s and 2 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
}

export interface AddRequest {
  path: string;
  metadata: JobMetadata;
  /** Upload even if this exact file version, or the same content elsewhere, was uploaded before. */
  force?: boolean;
  /** The watch folder that found it. */
  watchFolderId?: number;
  /** Size and mtime the caller has just confirmed (the watcher's stability check), saving a stat. */
  version?: { size: number; mtimeMs: number };
  /** The content fingerprint of that version, when the caller read the file already (slide QC): saves an open. */
  fingerprint?: string;
  /** The version slide QC passed (size and mtime seen before and after the check); omitted: added unchecked. */
  checked?: { size: number; mtimeMs: number } | undefined;
}

export type AddResult =
  | { path: string; job: JobView; outcome: 'added' | 'resumed' | 'already-uploaded' }
  /** The same content was uploaded before from another path (`job` is that upload). */
  | { path: string; job: JobView; outcome: 'duplicate' }
  | { path: string; outcome: 'error'; message: string };

const MAX_SOURCE_RESTARTS = 3;
/** How often a running engine beats its heart and looks for jobs queued by other processes. */
const TICK_MS = 2000;
type Target = number | 'all';

/**
 * The upload queue: a durable SQLite queue of jobs, run a few at a time, surviving crashes and restarts. Plain
 * Node (no Electron). Subscribers get {@link EngineEvent}s; progress at most 10 times a second.
 */
export class UploadEngine {
  private readonly db: Db;
  private readonly jobs: JobsRepo;
  private readonly parts: PartsRepo;
  private readonly events = new EventEmitter();
  private readonly running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private readonly sourceRestarts = new Map<number, number>();
  private readonly limiter: RateLimiter;
  private readonly pool: BufferPool;
  private partSlots: Semaphore;
  private readonly progress: ProgressTracker;
  private settings: EngineSettings;
  private hold: QueueHold | undefined;
  private started = false;
  private closed = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private multipartOffered: Promise<boolean> | undefined;
  private readonly presignedPosts = new PresignedPosts();
  private readonly hashWorker = new HashWorker();
  private readonly runner: RunnerLock;
  /** While running: the heartbeat, and a look for jobs other processes queued (e.g. `upload` beside the app). */
  private tick: NodeJS.Timeout | undefined;
  private readonly pendingLogs = new Map<number, Promise<void>>();
  private readonly uploadLog: UploadLog;
  private readonly destination: Destination;

  constructor(private readonly options: EngineOptions) {
    mkdirSync(options.stateDir, { recursive: true });
    this.db = openDatabase(path.join(options.stateDir, 'queue.sqlite'), queueMigrations);
    this.jobs = new JobsRepo(this.db);
    this.destination = options.destination;
    if (this.destination !== NO_DESTINATION) this.jobs.adoptUnassigned(this.destination);
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
      () =>
        this.jobs.openBytes(this.destination) -
        [...this.running.keys()].reduce((sum, id) => sum + (this.jobs.get(id)?.size ?? 0), 0),
    );
    this.events.setMaxListeners(50);
  }

  // ---- subscribing and reading -------------------------------------------------------------------------

  on(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** The queue as shown: every job but the finished ones "Clear finished" hid. */
  list(): JobView[] {
    return this.jobs.visible().map((row) => this.view(row));
  }

  get(id: number): JobView | undefined {
    const row = this.jobs.get(id);
    return row && this.view(row);
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
    this.multipartOffered = undefined;
    this.pump();
    return this.getSettings();
  }

  // ---- adding ---------------------------------------------------------------------------------------------

  /**
   * Queues files. The same file version (path, size, mtime) already in the queue is resumed, not added again;
   * one already uploaded is reported and skipped unless `force`.
   */
  async add(requests: readonly AddRequest[]): Promise<AddResult[]> {
    const results: AddResult[] = [];
    // New jobs are written together in one transaction (thousands of files from a catch-up scan), after the
    // checks that need the disk; a batch is cut short when a file looks like one still waiting to be written.
    let pending: Array<{ index: number; job: NewJob }> = [];
    const flush = () => {
      const rows = this.db.transaction(() => pending.map(({ job }) => this.jobs.add(job)))();
      rows.forEach((row, i) => {
        const view = this.view(row);
        this.emit({ type: 'job-added', job: view });
        results[pending[i]!.index] = { path: row.source_path, job: view, outcome: 'added' };
      });
      pending = [];
    };
    for (const [index, request] of requests.entries()) {
      const absolute = path.resolve(request.path);
      try {
        const version = request.version ?? (await statSource(absolute));
        if (request.checked && !sameVersion(request.checked, version))
          throw new JobFailure(
            'source-changed',
            `${path.basename(absolute)} changed after it was checked (is the scanner still writing it?). Add it again when it is complete.`,
            false,
          );
        const userid = request.metadata.userid;
        const existing = this.jobs.findSameSource(
          absolute,
          version.size,
          version.mtimeMs,
          this.destination,
          userid,
        );
        if (existing && !request.force) {
          const revived =
            existing.state === 'failed' || existing.state === 'paused' ? this.requeue(existing) : existing;
          results[index] = {
            path: absolute,
            job: this.view(revived),
            outcome: existing.state === 'done' ? 'already-uploaded' : 'resumed',
          };
          continue;
        }
        const fingerprint =
          request.version && request.fingerprint
            ? request.fingerprint
            : await quickFingerprint(absolute, version.size);
        if (pending.some(({ job }) => job.fingerprint === fingerprint)) flush();
        if (version.size > MAX_POST_BYTES && (await this.chooseModeIfKnown(version.size)) === 'post') {
          throw tooLargeForPost(path.basename(absolute), version.size);
        }
        if (!request.force) {
          const sameContent = await this.findSameContent(absolute, fingerprint, version.size, userid);
          if (sameContent) {
            results[index] = { path: absolute, job: this.view(sameContent), outcome: 'duplicate' };
            continue;
          }
        }
        pending.push({
          index,
          job: {
            sourcePath: absolute,
            fileName: path.basename(absolute),
            size: version.size,
            mtimeMs: version.mtimeMs,
            metadata: request.metadata,
            watchFolderId: request.watchFolderId,
            fingerprint,
            server: this.destination,
            checked: request.checked,
          },
        });
      } catch (error) {
        results[index] = { path: absolute, outcome: 'error', message: classifyFailure(error).error.message };
      }
    }
    flush();
    this.pump();
    return results;
  }

  /**
   * A job with the same content under another path: uploaded (compared with its recorded SHA-256) or still on its
   * way (its source hashed too). Only files whose cheap fingerprints collide are ever read in full.
   */
  private async findSameContent(
    absolute: string,
    fingerprint: string,
    size: number,
    userid: number,
  ): Promise<JobRow | undefined> {
    const candidates = this.jobs
      .withFingerprint(fingerprint, size, this.destination, userid)
      .filter((row) => row.source_path !== absolute);
    if (candidates.length === 0) return undefined;
    const sha256 = await fileSha256(absolute);
    for (const row of candidates) {
      const theirs = row.state === 'done' ? row.sha256 : await fileSha256(row.source_path).catch(() => null);
      if (theirs === sha256) return row;
    }
    return undefined;
  }

  /** The queue's database, shared with the watch service (watch folders live beside the jobs they feed). */
  get database(): Db {
    return this.db;
  }

  // ---- control --------------------------------------------------------------------------------------------

  /**
   * Starts running queued jobs (including any left active by a crash). Throws {@link QueueBusyError} when another
   * process already runs this queue: two runners would upload the same slides twice.
   */
  start(): void {
    if (this.started) return;
    const taken = this.runner.acquire();
    if (!taken.ok) throw new QueueBusyError(taken.holder, this.options.stateDir);
    this.started = true;
    this.tick = setInterval(() => {
      this.runner.heartbeat();
      this.pump();
    }, TICK_MS);
    this.tick.unref();
    this.pump();
  }

  /** Another live process running this queue, if any (commands must not change jobs behind its back). */
  runnerElsewhere(): QueueRunner | undefined {
    return this.started ? undefined : this.runner.holderElsewhere();
  }

  /** Stops all transfers, leaving every job resumable; for shutdown and Ctrl-C. */
  async stop(): Promise<void> {
    const wasStarted = this.started;
    this.started = false;
    clearTimeout(this.wakeTimer);
    clearInterval(this.tick);
    const running = [...this.running.values()];
    for (const run of running) run.controller.abort(new StopSignal('stop'));
    await Promise.all(running.map((run) => run.done));
    if (wasStarted) this.runner.release();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    await Promise.all(this.pendingLogs.values());
    this.closed = true;
    this.progress.close();
    await this.hashWorker.close();
    this.db.close();
  }

  pause(target: Target): void {
    for (const row of this.targets(target, (state) => state === 'queued' || ACTIVE_STATES.includes(state))) {
      this.running.get(row.id)?.controller.abort(new StopSignal('pause'));
      this.setState(row, 'paused');
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
      this.setState(row, 'cancelled');
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
      const job = this.jobs.get(row.id)!;
      this.serverLog(job, 'Upload cancelled by user');
      await this.pendingLogs.get(job.id);
      await this.cleanUp(job);
    }
    this.pump();
  }

  retry(target: Target): void {
    const retriable = this.targets(target, (state) => state !== 'done').filter(
      (row) => row.state === 'failed' || row.state === 'cancelled' || row.retry_at !== null,
    );
    for (const row of retriable) {
      this.sourceRestarts.delete(row.id);
      this.requeue(row);
    }
    this.pump();
  }

  /** Moves a job before another one, to the front (undefined) or to the end ('end'). */
  moveBefore(jobId: number, beforeJobId?: number | 'end'): void {
    const row = this.jobs.get(jobId);
    if (!row) return;
    const position =
      beforeJobId === 'end' ? this.jobs.positionAfterLast() : this.jobs.positionBefore(beforeJobId);
    const updated = this.jobs.update(jobId, { position });
    this.emit({ type: 'job-updated', job: this.view(updated) });
    this.pump();
  }

  setPriority(jobId: number, priority: number): void {
    const updated = this.jobs.update(jobId, { priority });
    this.emit({ type: 'job-updated', job: this.view(updated) });
    this.pump();
  }

  /**
   * Takes finished jobs off the list. A done job is only hidden: it stays the memory of that upload, so the same
   * file (or the same content elsewhere) is still "already uploaded" — forgetting is {@link forget}. Failed and
   * cancelled ones are removed (a failed one of this server cleans up its half-made record first).
   */
  async clearFinished(): Promise<number> {
    let removed = 0;
    for (const row of this.jobs.visible().filter((job) => FINISHED_STATES.includes(job.state))) {
      if (row.state === 'done') this.jobs.update(row.id, { hidden: 1 });
      else {
        if (row.state === 'failed' && !this.isElsewhere(row)) await this.cleanUp(row).catch(() => undefined);
        this.jobs.delete(row.id);
      }
      this.progress.forget(row.id);
      this.emit({ type: 'job-removed', jobId: row.id });
      removed += 1;
    }
    return removed;
  }

  /**
   * Forgets a finished upload for good: the file, or a copy of it, is then added (and uploaded) again like a new
   * one. The image on the server is left alone. Returns false for a job that is not finished (or not there).
   */
  forget(jobId: number): boolean {
    const row = this.jobs.get(jobId);
    if (!row || !FINISHED_STATES.includes(row.state)) return false;
    this.jobs.delete(jobId);
    this.progress.forget(jobId);
    this.emit({ type: 'job-removed', jobId });
    return true;
  }

  /**
   * "Send to this server instead": jobs of another server that did not finish there start over here, their old
   * server's ids cleared (they mean nothing here). Returns how many moved. Done jobs stay the other server's
   * history; the same file added here is a new upload to this server.
   */
  retarget(target: Target): number {
    if (this.destination === NO_DESTINATION) return 0;
    // Cancelled ones stay cancelled: the user ended them, and moving them would start them again.
    const moving = this.targets(target, (state) => state !== 'done' && state !== 'cancelled', true).filter(
      (row) => this.isElsewhere(row),
    );
    for (const row of moving) {
      this.parts.clear(row.id);
      this.jobs.update(row.id, {
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
      });
      this.sourceRestarts.delete(row.id);
      this.requeue(this.jobs.get(row.id)!);
    }
    this.pump();
    return moving.length;
  }

  /** Resolves when none of `jobIds` (default: all) is queued or active any more — finished, paused or held. */
  whenSettled(jobIds?: readonly number[]): Promise<JobView[]> {
    const ids = jobIds ?? this.jobs.visible().map((job) => job.id);
    // Another server's jobs never run here: waiting for them would never end.
    const isOpen = (state: JobState) => state === 'queued' || ACTIVE_STATES.includes(state);
    // Track open jobs from events instead of re-reading every job on every event (thousands of files).
    const open = new Set(
      ids.filter((id) => {
        const row = this.jobs.get(id);
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

  // ---- scheduling -----------------------------------------------------------------------------------------

  private pump(): void {
    if (!this.started || this.closed || this.hold) return;
    clearTimeout(this.wakeTimer);
    const free = this.settings.fileConcurrency - this.running.size;
    if (free <= 0) return;
    const next = this.jobs
      .runnableIds(Date.now(), this.destination, free + this.running.size)
      .filter((id) => !this.running.has(id))
      .slice(0, Math.max(0, free));
    for (const id of next) this.launch(this.jobs.get(id)!);
    const wakeAt = this.jobs.nextRetryAt(this.destination);
    if (wakeAt !== undefined)
      this.wakeTimer = setTimeout(() => this.pump(), Math.max(10, wakeAt - Date.now()));
  }

  private launch(row: JobRow): void {
    const controller = new AbortController();
    // A retryable error stays visible while the job tries again; anything else and the retry time are cleared.
    const clean = row.retry_at === null && (row.error_message === null || row.error_retryable === 1);
    const job = clean
      ? row
      : this.jobs.setError(
          row.id,
          row.error_retryable === 1
            ? { message: row.error_message!, kind: row.error_kind ?? '', retryable: true }
            : null,
          null,
        );
    const deps: RunJobDeps = {
      api: this.options.api,
      jobs: this.jobs,
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
      checkSlide: this.options.checkSlide ?? checkSlideFile,
      serverLog: (target, message) => this.serverLog(target, message),
      presignedPosts: this.presignedPosts,
      // A paused or cancelled run must not move its job on while it winds down.
      setState: (target, state, patch) => {
        if (!controller.signal.aborted) this.setState(target, state, patch);
        else if (patch) Object.assign(target, this.jobs.update(target.id, patch)); // facts stay recorded
      },
    };
    const done = runJob(deps, job)
      .then(
        () => this.finish(job.id, 'done'),
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
   * Multipart when the server offers it and the file is larger than one part; a file that fits in one part goes
   * by presigned POST (fewer round trips, nothing to resume anyway). A forced mode always wins.
   */
  private async chooseMode(size: number): Promise<UploadMode> {
    if (this.settings.uploadMode !== 'auto') return this.settings.uploadMode;
    if (size <= this.settings.partSize) return 'post';
    return (await this.multipartIsOffered()) ? 'multipart' : 'post';
  }

  /** The mode, or undefined while the server cannot be asked (the job then decides before its first request). */
  private chooseModeIfKnown(size: number): Promise<UploadMode | undefined> {
    return this.chooseMode(size).catch(() => undefined);
  }

  private multipartIsOffered(): Promise<boolean> {
    this.multipartOffered ??= this.options.api.getMultipartCapabilities().then(
      (caps) => caps !== null,
      (error: unknown) => {
        this.multipartOffered = undefined;
        throw error;
      },
    );
    return this.multipartOffered;
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

  private finish(jobId: number, state: 'done'): void {
    this.sourceRestarts.delete(jobId);
    const row = this.jobs.update(jobId, {
      state,
      finished_at: Date.now(),
      error_message: null,
      error_kind: null,
      error_retryable: null,
      retry_at: null,
    });
    this.emit({ type: 'job-updated', job: this.view(row) });
  }

  private async handleFailure(jobId: number, error: unknown, signal: AbortSignal): Promise<void> {
    if (signal.aborted && signal.reason instanceof StopSignal) return; // paused, cancelled or stopping: handled there
    const row = this.jobs.get(jobId);
    if (!row) return;
    const decision = classifyFailure(error);
    switch (decision.action) {
      case 'hold-queue': {
        this.jobs.setError(jobId, decision.error, null);
        this.holdQueue({
          reason: 'auth',
          message: `${decision.error.message} The queue is paused; nothing is lost.`,
        });
        break;
      }
      case 'restart-upload': {
        const restarts = (this.sourceRestarts.get(jobId) ?? 0) + 1;
        this.sourceRestarts.set(jobId, restarts);
        if (restarts > MAX_SOURCE_RESTARTS) {
          this.fail(row, {
            message: `${row.file_name} keeps changing while it is uploaded; is something still writing it? Retry when it is complete.`,
            kind: 'source-changed',
            retryable: false,
          });
          break;
        }
        this.notice('warning', decision.error.message, jobId);
        await resetUpload(this.depsFor(), row).catch(() => undefined);
        this.jobs.setError(jobId, decision.error, Date.now());
        break;
      }
      case 'retry': {
        const attempts = row.attempts + 1;
        if (decision.error.kind === 'upload-expired' && attempts > MAX_SOURCE_RESTARTS) {
          this.fail(row, {
            ...decision.error,
            message: `Storage keeps refusing fresh upload links for ${row.file_name}; check the computer's clock and the server.`,
            retryable: false,
          });
          break;
        }
        const delay = Math.max(
          backoffDelay(attempts, this.options.retryBaseMs ?? 1000, this.options.retryCapMs ?? 120_000),
          decision.retryAfterMs ?? 0,
        );
        this.jobs.update(jobId, { attempts });
        this.jobs.setError(
          jobId,
          { ...decision.error, message: `${decision.error.message}` },
          Date.now() + delay,
        );
        break;
      }
      case 'fail':
        this.fail(row, decision.error);
        this.serverLog(row, `Upload failed: ${decision.error.message}`);
        break;
    }
    const updated = this.jobs.get(jobId);
    if (updated) this.emit({ type: 'job-updated', job: this.view(updated) });
  }

  private fail(row: JobRow, error: { message: string; kind: string; retryable: boolean }): void {
    this.jobs.setError(row.id, error, null);
    this.setState(this.jobs.get(row.id)!, 'failed');
    this.jobs.update(row.id, { finished_at: Date.now() });
    this.notice('error', `${row.file_name}: ${error.message}`, row.id);
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  private depsFor() {
    return { api: this.options.api, jobs: this.jobs, parts: this.parts };
  }

  /** Aborts a partial multipart upload and deletes the half-made record (it never reached "Uploaded"). */
  private async cleanUp(row: JobRow): Promise<void> {
    await resetUpload(this.depsFor(), row).catch(() => undefined);
    await dropImage(this.options.api, this.jobs, row).catch((error: unknown) =>
      this.notice(
        'warning',
        `Could not remove the unfinished image record of ${row.file_name}: ${error instanceof Error ? error.message : String(error)}`,
        row.id,
      ),
    );
  }

  private requeue(row: JobRow): JobRow {
    const updated = this.jobs.update(row.id, {
      state: 'queued',
      finished_at: null,
      retry_at: null,
      error_message: null,
      error_kind: null,
      error_retryable: null,
      attempts: row.state === 'failed' ? 0 : row.attempts,
    });
    this.emit({ type: 'job-updated', job: this.view(updated) });
    return updated;
  }

  /**
   * The jobs a command names. "All" means this server's jobs: "Pause all" or "Cancel all" must not reach another
   * server's held jobs (a job named by its id may be, e.g. to cancel it); `retarget` alone asks for them.
   */
  private targets(target: Target, include: (state: JobState) => boolean, elsewhereToo = false): JobRow[] {
    const rows =
      target === 'all'
        ? this.jobs.all().filter((row) => elsewhereToo || !this.isElsewhere(row))
        : [this.jobs.get(target)].filter((row): row is JobRow => row !== undefined);
    return rows.filter((row) => include(row.state));
  }

  /** Moves a job to `state`, writing `patch` in the same statement (one commit instead of two). */
  private setState(row: JobRow, state: JobState, patch?: JobPatch): void {
    if (row.state === state && !patch) return;
    const updated = this.jobs.update(row.id, { ...patch, state });
    Object.assign(row, updated);
    this.emit({ type: 'job-updated', job: this.view(updated) });
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

  private view(row: JobRow): JobView {
    return toJobView(row, this.destination);
  }

  /** A job of another server than the one this queue runs for now. */
  private isElsewhere(row: JobRow): boolean {
    return row.server !== null && row.server !== this.destination;
  }

  private counts(): Record<JobState, number> {
    return this.jobs.countByState(this.destination);
  }

  private notice(level: 'info' | 'warning' | 'error', message: string, jobId?: number): void {
    this.emit({ type: 'notice', level, message, jobId });
  }

  private emit(event: EngineEvent): void {
    this.events.emit('event', event);
  }
}

/** Why the engine aborted a running job itself (not a failure). */
class StopSignal extends Error {
  constructor(readonly why: 'pause' | 'cancel' | 'stop' | 'hold') {
    super(`stopped: ${why}`);
  }
}
