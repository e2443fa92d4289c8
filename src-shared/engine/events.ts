import type { JobProgress, JobView, QueueTotals } from './jobs.js';

/** Why the whole queue stands still. */
export type QueueHold = { reason: 'auth'; message: string } | { reason: 'user'; message: string };

/** What the engine tells its subscribers (UI stores, the CLI). Progress is throttled to at most 10 per second. */
export type EngineEvent =
  | { type: 'job-added'; job: JobView }
  /**
   * A job row changed: `state` (it moved on), `error` (a problem or a retry time was set or cleared), `facts`
   * (progress and ids recorded on the way). Every write of a job row sends one.
   */
  | { type: 'job-updated'; job: JobView; change: 'state' | 'error' | 'facts' }
  | { type: 'job-removed'; jobId: number }
  | { type: 'progress'; jobs: JobProgress[]; totals: QueueTotals }
  | { type: 'queue-held'; hold: QueueHold }
  | { type: 'queue-released' }
  | {
      type: 'notice';
      level: 'info' | 'warning' | 'error';
      message: string;
      jobId?: number | undefined;
      /** The technical words behind a failure (request, status, server text), shown one click away. */
      detail?: string | undefined;
    };

export type EngineEventType = EngineEvent['type'];
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
