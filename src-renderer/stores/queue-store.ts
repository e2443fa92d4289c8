import { create } from 'zustand';
import type { QueueSnapshot } from '../../src-shared/app/index.js';
import type { JobProgress, JobView, QueueHold, QueueTotals } from '../../src-shared/engine/index.js';

export interface QueueState {
  jobs: Record<number, JobView>;
  /** Job ids in queue order (the order `queue.list` gave, new jobs at the end, local moves applied). */
  order: number[];
  /** Live progress of jobs that are sending; finished or idle jobs fall back to their bytesDone. */
  progress: Record<number, JobProgress>;
  totals: QueueTotals | null;
  hold: QueueHold | null;
  loaded: boolean;
  loadError: string | null;

  load(snapshot: QueueSnapshot): void;
  setLoadError(message: string | null): void;
  upsert(job: JobView): void;
  remove(jobId: number): void;
  applyProgress(jobs: JobProgress[], totals: QueueTotals): void;
  setHold(hold: QueueHold | null): void;
  /** Moves a job before another one (null: to the end), as `queue.move` will. */
  move(jobId: number, beforeJobId: number | null): void;
}

const initial = {
  jobs: {},
  order: [],
  progress: {},
  totals: null,
  hold: null,
  loaded: false,
  loadError: null,
} satisfies Partial<QueueState>;

/** The upload queue as the engine reports it. Only the event router and `load` write here. */
export const useQueueStore = create<QueueState>()((set) => ({
  ...initial,
  load(snapshot) {
    const jobs: Record<number, JobView> = {};
    for (const job of snapshot.jobs) jobs[job.id] = job;
    set({
      jobs,
      order: snapshot.jobs.map((job) => job.id),
      progress: {},
      totals: snapshot.totals,
      hold: snapshot.hold,
      loaded: true,
      loadError: null,
    });
  },
  setLoadError(message) {
    set({ loadError: message });
  },
  upsert(job) {
    set((state) => ({
      jobs: { ...state.jobs, [job.id]: job },
      order: job.id in state.jobs ? state.order : [...state.order, job.id],
    }));
  },
  remove(jobId) {
    set((state) => {
      if (!(jobId in state.jobs)) return state;
      const { [jobId]: _removed, ...jobs } = state.jobs;
      const { [jobId]: _progress, ...progress } = state.progress;
      return { jobs, progress, order: state.order.filter((id) => id !== jobId) };
    });
  },
  applyProgress(updates, totals) {
    set((state) => {
      const progress = { ...state.progress };
      for (const update of updates) progress[update.id] = update;
      return { progress, totals };
    });
  },
  setHold(hold) {
    set({ hold });
  },
  move(jobId, beforeJobId) {
    set((state) => {
      if (jobId === beforeJobId || !state.order.includes(jobId)) return state;
      const order = state.order.filter((id) => id !== jobId);
      const index = beforeJobId === null ? -1 : order.indexOf(beforeJobId);
      if (index === -1) order.push(jobId);
      else order.splice(index, 0, jobId);
      return { order };
    });
  },
}));

/** Back to the empty state (tests; a fresh load replaces everything anyway). */
export function resetQueueStore(): void {
  useQueueStore.setState(initial);
}
