import { create } from 'zustand';
import type { QueueSnapshot } from '../../src-shared/app/index.js';
import type { JobProgress, JobView, QueueHold, QueueTotals } from '../../src-shared/engine/index.js';
import { JobTable } from './job-table.js';
import { QueueDraft, type QueueLists } from './queue-draft.js';

export interface QueueState extends QueueLists {
  hold: QueueHold | null;
  loaded: boolean;
  loadError: string | null;

  /** The whole list at once (every job in `snapshot.jobs`); ends any paged load under way. */
  load(snapshot: QueueSnapshot): void;
  setLoadError(message: string | null): void;
  /**
   * Job events. They are applied together, once per animation frame (a microtask where there are none), so a
   * burst of events costs one state change; `flushQueueEvents` applies them now. Every other action applies
   * them first, so the state is always what applying each event in its turn gives.
   */
  upsert(job: JobView): void;
  remove(jobId: number): void;
  applyProgress(jobs: JobProgress[], totals: QueueTotals): void;
  setHold(hold: QueueHold | null): void;
  /** Moves a job before another one (null: to the end), as `queue.move` will. */
  move(jobId: number, beforeJobId: number | null): void;

  /**
   * A paged load (queue-loader.ts): `beginLoad` before asking for the first page. A page's row for a job an
   * event named since is dropped: the event is as new or newer, and a job removed does not come back. Each
   * answers false when a newer load (or `load`) replaced this one.
   */
  beginLoad(): number;
  /** The first page: its jobs, and every job's id in queue order (`snapshot.order`) so the whole list counts. */
  loadFirstPage(token: number, snapshot: QueueSnapshot): boolean;
  /** Jobs asked for by id; ids asked for and not answered have left the list. */
  mergePage(token: number, asked: readonly number[], jobs: readonly JobView[]): boolean;
  endLoad(token: number): void;
  /** Up to `limit` ids of the list whose job has not arrived yet, in queue order. */
  unlistedIds(limit: number): number[];
}

const initial = {
  jobs: JobTable.empty,
  order: [],
  unlisted: 0,
  progress: {},
  totals: null,
  hold: null,
  loaded: false,
  loadError: null,
} satisfies Partial<QueueState>;

/** The events not yet applied, as a working copy of the lists. */
let draft: QueueDraft | null = null;
let flushScheduled = false;
/** The paged load under way: its token and the jobs events named since it began. */
let paging: { token: number; named: Set<number>; progressed: boolean } | null = null;
let lastToken = 0;

/** The upload queue as the engine reports it. Only the event router and the queue loader write here. */
export const useQueueStore = create<QueueState>()((set, get) => {
  /** The draft to write an event into, and the flush that will apply it. */
  const draftForEvent = (): QueueDraft => {
    draft ??= new QueueDraft(get());
    scheduleFlush();
    return draft;
  };
  return {
    ...initial,
    load(snapshot) {
      draft = null; // replaced by the snapshot, as each would have been
      paging = null;
      set({
        jobs: JobTable.from(snapshot.jobs),
        order: snapshot.jobs.map((job) => job.id),
        unlisted: 0,
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
      paging?.named.add(job.id);
      draftForEvent().upsert(job);
    },
    remove(jobId) {
      paging?.named.add(jobId);
      draftForEvent().remove(jobId);
    },
    applyProgress(updates, totals) {
      if (paging) paging.progressed = true;
      draftForEvent().applyProgress(updates, totals);
    },
    setHold(hold) {
      set({ hold });
    },
    move(jobId, beforeJobId) {
      flushQueueEvents();
      set((state) => {
        if (jobId === beforeJobId || !state.order.includes(jobId)) return state;
        const order = state.order.filter((id) => id !== jobId);
        const index = beforeJobId === null ? -1 : order.indexOf(beforeJobId);
        if (index === -1) order.push(jobId);
        else order.splice(index, 0, jobId);
        return { order };
      });
    },

    beginLoad() {
      paging = { token: ++lastToken, named: new Set(), progressed: false };
      return paging.token;
    },
    loadFirstPage(token, snapshot) {
      if (paging?.token !== token) return false;
      flushQueueEvents();
      const state = get();
      const { named } = paging;
      const eventJobs = [...named].flatMap((id) => state.jobs.get(id) ?? []);
      const jobs = JobTable.from([
        ...snapshot.jobs.filter((job) => !named.has(job.id)),
        ...eventJobs, // as the events left them
      ]);
      const listed = snapshot.order ?? snapshot.jobs.map((job) => job.id);
      const inPage = new Set(listed);
      // A job an event removed stays removed; one an event added after the page was read joins at the end.
      const order = listed.filter((id) => !named.has(id) || jobs.has(id));
      for (const id of state.order) if (named.has(id) && jobs.has(id) && !inPage.has(id)) order.push(id);
      set({
        jobs,
        order,
        unlisted: order.length - jobs.size,
        progress: paging.progressed ? state.progress : {},
        totals: paging.progressed ? state.totals : snapshot.totals,
        hold: snapshot.hold,
        loaded: true,
        loadError: null,
      });
      return true;
    },
    mergePage(token, asked, pageJobs) {
      if (paging?.token !== token) return false;
      flushQueueEvents();
      const state = get();
      // Only ids still waiting take a page's job: one an event updated has its job already (as new or newer),
      // one an event removed is no longer in the order.
      const waiting = new Set(state.order.filter((id) => !state.jobs.has(id)));
      const table = state.jobs.edit();
      for (const job of pageJobs) if (waiting.delete(job.id)) table.set(job);
      // Asked for, not answered, still waiting: it left the list (cleared) while the pages came.
      const gone = new Set(asked.filter((id) => waiting.has(id)));
      const order = gone.size > 0 ? state.order.filter((id) => !gone.has(id)) : state.order;
      const jobs = table.done();
      set({ jobs, order, unlisted: order.length - jobs.size });
      return true;
    },
    endLoad(token) {
      if (paging?.token === token) paging = null;
    },
    unlistedIds(limit) {
      flushQueueEvents();
      const { order, jobs, unlisted } = get();
      const ids: number[] = [];
      if (unlisted === 0) return ids;
      for (const id of order) {
        if (ids.length >= limit) break;
        if (!jobs.has(id)) ids.push(id);
      }
      return ids;
    },
  };
});

/** Applies the job events received so far, now (tests, and before anything reads the lists to change them). */
export function flushQueueEvents(): void {
  flushScheduled = false;
  if (!draft) return;
  const pending = draft;
  draft = null;
  useQueueStore.setState(pending.publish());
}

/**
 * Once per frame while the window shows; the timer covers a hidden window, whose frames stop. Where there are no
 * frames at all (tests in Node), the microtask after the current burst.
 */
function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  const flush = () => {
    if (flushScheduled) flushQueueEvents();
  };
  // Looked up, not named: the Node side's type checking (tests) has no DOM types.
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame;
  if (frame) {
    frame(flush);
    setTimeout(flush, 250);
  } else queueMicrotask(flush);
}

/** Back to the empty state (tests; a fresh load replaces everything anyway). */
export function resetQueueStore(): void {
  draft = null;
  flushScheduled = false;
  paging = null;
  useQueueStore.setState(initial);
}
