import type { AppStatus } from '../../src-shared/app/index.js';
import type { JobView } from '../../src-shared/engine/index.js';
import { formatRetryIn, formatSpeed } from '../ui/format.js';

/** "3 uploading · 12 MiB/s", or just "3 uploading" while the speed is not known yet (no "· —"). */
export function sendingText(sending: number, speed: number | null | undefined): string {
  const known = typeof speed === 'number' && Number.isFinite(speed) && speed > 0;
  return known ? `${sending} uploading · ${formatSpeed(speed)}` : `${sending} uploading`;
}

/** Kinds of a job's error that mean the server (or the way to it) is not answering, not that the file is wrong. */
const UNREACHABLE_KINDS = new Set(['network', 'timeout', 'server', 'stalled', 'rate-limited']);

export interface ServerHealth {
  tone: 'ok' | 'warning' | 'danger';
  /** A few words for the status bar: "Connected", "Server unreachable — retrying in 8 s", "Sign in again". */
  text: string;
  /** The whole story, for the tooltip. */
  detail: string;
}

type HealthStatus = Pick<AppStatus, 'hold' | 'problem'>;
type HealthJob = Pick<JobView, 'state' | 'retryAt' | 'error' | 'elsewhere'>;

/**
 * The worst thing true right now, for the status bar: a queue held for sign-in (red), a problem with the server
 * or the queue (amber), jobs waiting for a server that does not answer (amber, with the next try), else
 * "Connected". Never green while a job waits on the server.
 */
export function serverHealth(
  status: HealthStatus | null,
  jobs: readonly HealthJob[],
  now: number,
): ServerHealth {
  if (status?.hold)
    return { tone: 'danger', text: 'Sign in again — uploads paused', detail: status.hold.message };
  if (status?.problem) return { tone: 'warning', text: 'Not uploading — see why', detail: status.problem };
  const waiting = jobs.filter(
    (job) =>
      !job.elsewhere &&
      job.error?.retryable === true &&
      UNREACHABLE_KINDS.has(job.error.kind) &&
      ['registering', 'uploading', 'finalizing', 'queued'].includes(job.state),
  );
  if (waiting.length > 0) {
    const next = Math.min(...waiting.map((job) => job.retryAt ?? now));
    const when = next > now ? formatRetryIn(next, now).replace('Retrying', 'retrying') : 'trying again now';
    return {
      tone: 'warning',
      text: `Server unreachable — ${when}`,
      detail: `${waiting.length} upload(s) wait for the server: ${waiting[0]!.error!.message} Nothing is lost; they go on by themselves.`,
    };
  }
  return { tone: 'ok', text: 'Connected', detail: 'The server answers and nothing waits on it.' };
}
