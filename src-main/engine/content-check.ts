import { classifyFailure } from './job-failure.js';
import type { JobRow, JobStore } from './job-store.js';

export interface ContentCheckDeps {
  store: JobStore;
  destination: string;
  /** SHA-256 (hex) of a whole file; aborted on close. */
  /** SHA-256 of what the job would upload (the file, or its slide's ZIP). */
  sha256: (job: JobRow, signal: AbortSignal) => Promise<string>;
  /** After a job was decided: one that went on to `queued` may run now. */
  decided: () => void;
}

/**
 * Decides the jobs in `checking`: their quick fingerprint matched an earlier job's, so both files are read whole
 * and compared by SHA-256 (a done job's recorded hash stands for its file). Runs in the background, one file at
 * a time, so adding a batch never waits for a 10 GB read. The same content ends `duplicate`, pointing at the
 * earlier job; different content goes on to `queued`; an unreadable file fails with the reason.
 */
export class ContentCheck {
  private running: Promise<void> | undefined;
  private readonly controller = new AbortController();

  constructor(private readonly deps: ContentCheckDeps) {}

  /** Checks whatever waits (again after each file, for jobs added meanwhile); a pass already running does it. */
  kick(): void {
    if (this.running || this.controller.signal.aborted) return;
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  /** Stops after the file being read; its job stays `checking` and is checked on the next start. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    const { store, destination } = this.deps;
    for (let next = store.inState('checking', destination)[0]; next;) {
      if (this.controller.signal.aborted) return;
      await this.decide(next);
      this.deps.decided();
      next = store.inState('checking', destination)[0];
    }
  }

  private async decide(job: JobRow): Promise<void> {
    const { store } = this.deps;
    try {
      const original = await this.sameContent(job);
      if (original)
        store.transition(job.id, ['checking'], 'duplicate', {
          duplicate_of: original.id,
          finished_at: Date.now(),
        });
      else store.transition(job.id, ['checking'], 'queued');
    } catch (error) {
      if (this.controller.signal.aborted) return;
      const { error: reason } = classifyFailure(error);
      store.transition(job.id, ['checking'], 'failed', {
        finished_at: Date.now(),
        error_message: reason.message,
        error_kind: reason.kind,
        error_retryable: 0,
      });
    }
  }

  /** An earlier job of this destination and user with the same bytes: uploaded, or on its way. */
  private async sameContent(job: JobRow): Promise<JobRow | undefined> {
    const { store, destination, sha256 } = this.deps;
    const signal = this.controller.signal;
    const candidates = store
      .withFingerprint(job.fingerprint ?? '', job.size, destination, job.userid)
      // Jobs still checking are decided in turn (oldest first), against what is decided already.
      .filter((row) => row.id !== job.id && row.source_path !== job.source_path && row.state !== 'checking');
    if (candidates.length === 0) return undefined;
    const mine = await sha256(job, signal);
    for (const row of candidates) {
      const theirs = row.state === 'done' ? row.sha256 : await sha256(row, signal).catch(() => null);
      if (theirs === mine) return row;
    }
    return undefined;
  }
}
