import { randomUUID } from 'node:crypto';
import { statement, type Db } from '../../shared/sqlite.js';
import { describeDestination } from '../destination.js';
import { SAID_AS_IS } from '../../shared/said-as-is.js';

/** Who runs the queue of a state dir. */
export interface QueueRunner {
  pid: number;
  /** e.g. "the command-line agent", "the desktop app" */
  label: string;
  startedAt: number;
  /** The server it uploads to (destination.ts); null for a runner from before destinations were recorded. */
  destination: string | null;
}

interface RunnerRow {
  pid: number;
  token: string;
  label: string;
  destination: string | null;
  started_at: number;
  heartbeat_at: number;
}

export interface RunnerLockOptions {
  label: string;
  /** Where this runner uploads: a second process queueing files here must be told truthfully where they go. */
  destination: string;
  /** A runner that has not beaten its heart for this long is gone (crashed, machine slept). */
  staleMs?: number;
  /** Whether a process id is alive on this machine (tests feed their own). */
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

export const RUNNER_STALE_MS = 30_000;

/**
 * One runner per queue, across processes: a row in the queue's own SQLite, taken in an immediate transaction.
 * A holder whose process is gone or whose heartbeat is stale is replaced, so a crash never locks the queue.
 */
export class RunnerLock {
  private readonly token = randomUUID();
  private readonly staleMs: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly options: RunnerLockOptions,
  ) {
    this.staleMs = options.staleMs ?? RUNNER_STALE_MS;
    this.isAlive = options.isAlive ?? processIsAlive;
    this.now = options.now ?? Date.now;
  }

  /** Takes the queue, or names who has it. */
  acquire(): { ok: true } | { ok: false; holder: QueueRunner } {
    return this.db
      .transaction(() => {
        const holder = this.liveHolder();
        if (holder) return { ok: false as const, holder };
        const now = this.now();
        statement(
          this.db,
          `INSERT INTO queue_runner (id, pid, token, label, started_at, heartbeat_at, destination)
             VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, token = excluded.token, label = excluded.label,
           started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, destination = excluded.destination`,
        ).run(process.pid, this.token, this.options.label, now, now, this.options.destination);
        return { ok: true as const };
      })
      .immediate();
  }

  /** Another live runner, if there is one (for commands that must not act behind its back). */
  holderElsewhere(): QueueRunner | undefined {
    return this.liveHolder();
  }

  heartbeat(): void {
    statement(this.db, 'UPDATE queue_runner SET heartbeat_at = ? WHERE id = 1 AND token = ?').run(
      this.now(),
      this.token,
    );
  }

  release(): void {
    statement(this.db, 'DELETE FROM queue_runner WHERE id = 1 AND token = ?').run(this.token);
  }

  private liveHolder(): QueueRunner | undefined {
    const row = statement(this.db, 'SELECT * FROM queue_runner WHERE id = 1').get() as RunnerRow | undefined;
    if (!row || row.token === this.token) return undefined;
    const stale = this.now() - row.heartbeat_at > this.staleMs;
    if (stale || !this.isAlive(row.pid)) return undefined;
    return { pid: row.pid, label: row.label, startedAt: row.started_at, destination: row.destination };
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Thrown by `UploadEngine.start()` when another process runs this queue. */
export class QueueBusyError extends Error {
  /** Its message is written for people: said as it is. */
  readonly [SAID_AS_IS] = true;
  constructor(
    readonly holder: QueueRunner,
    stateDir: string,
    /** The server this process would upload to. */
    ours: string,
  ) {
    const theirs = holder.destination;
    const where =
      theirs === null
        ? 'it uploads what is queued there for its own server'
        : `it uploads what is queued there for ${describeDestination(theirs)}`;
    const yours =
      theirs !== null && theirs !== ours
        ? ` Slides added here are for ${describeDestination(ours)}: they wait, held, until it stops.`
        : '';
    super(
      `${describeRunner(holder)} is already running the upload queue in ${stateDir}; ${where}.${yours} Use that window or process, or stop it first (or give this one another --state-dir).`,
    );
    this.name = 'QueueBusyError';
  }
}

/** "The command-line agent (process 4242)": how every message names the process that runs a queue. */
export const describeRunner = (holder: QueueRunner): string =>
  `${holder.label.charAt(0).toUpperCase()}${holder.label.slice(1)} (process ${holder.pid})`;

/** Where the process that runs the queue uploads, for people. */
export const describeRunnerDestination = (holder: QueueRunner): string =>
  holder.destination === null
    ? 'a server it does not record (it is an older version)'
    : describeDestination(holder.destination);
