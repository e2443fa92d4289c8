import type { JobStore } from './job-store.js';

export interface SchedulerDeps {
  store: JobStore;
  /** Only this destination's jobs run here. */
  destination: string;
  /** Files uploaded at once (read on every pass: settings change while running). */
  capacity: () => number;
  /** Jobs running now. */
  running: () => ReadonlySet<number>;
  /** Starts one job; the runner calls {@link Scheduler.pump} again when it ends. */
  launch: (jobId: number) => void;
}

/**
 * Decides what runs next: the first jobs in queue order whose retry time has come, up to the free capacity, and
 * a timer for the earliest retry still waiting. Holds no job state of its own (the store has it), so a pass can
 * run at any time — after a job ends, after an add, on the heartbeat.
 */
export class Scheduler {
  private wakeTimer: NodeJS.Timeout | undefined;
  private active = false;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.active = true;
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  pump(): void {
    if (!this.active) return;
    clearTimeout(this.wakeTimer);
    const { store, destination } = this.deps;
    const running = this.deps.running();
    const free = this.deps.capacity() - running.size;
    if (free > 0) {
      const next = store
        .runnableIds(Date.now(), destination, free + running.size)
        .filter((id) => !running.has(id))
        .slice(0, free);
      for (const id of next) this.deps.launch(id);
    }
    const wakeAt = store.nextRetryAt(destination);
    if (wakeAt !== undefined)
      this.wakeTimer = setTimeout(() => this.pump(), Math.max(10, wakeAt - Date.now()));
  }
}
