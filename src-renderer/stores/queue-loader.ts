import type { AppClient } from '../../src-shared/app/index.js';
import { describeError } from './describe-error.js';
import { useQueueStore } from './queue-store.js';

/** Jobs of the first page: more than a window shows, little enough to arrive at once. */
export const FIRST_PAGE = 200;
/** Jobs per later page: few round trips for 10,000 jobs, each small enough not to stall the window. */
export const LATER_PAGE = 1000;

/**
 * Once the window has painted what it has (the next frame, then a task): the rest of the list must not hold up
 * the first screen, in the window's thread nor the uploader's. Right away where there are no frames (Node).
 */
function afterPaint(): Promise<void> {
  // Looked up, not named: the Node side's type checking (tests) has no DOM types.
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame;
  if (!frame) return Promise.resolve();
  return new Promise((resolve) => frame(() => setTimeout(resolve, 0)));
}

/** Tries for a later page: a brief outage must not leave rows saying "loading" until the next reconnection. */
const PAGE_ATTEMPTS = 3;

async function laterPage(client: Pick<AppClient, 'send'>, ids: number[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send('queue.jobs', { ids });
    } catch (error) {
      if (attempt >= PAGE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/**
 * Lists the queue by page: the first jobs and every job's id first (the list shows, counted whole, at once),
 * then the other jobs by id in the background. Events arriving meanwhile win over the pages (queue-store.ts
 * `beginLoad`). A newer load (reconnection, another server) replaces this one, which then stops.
 */
export async function loadQueue(client: Pick<AppClient, 'send'>): Promise<void> {
  const store = useQueueStore.getState();
  const token = store.beginLoad();
  try {
    const first = await client.send('queue.list', { first: FIRST_PAGE });
    if (!store.loadFirstPage(token, first)) return;
    await afterPaint();
    for (;;) {
      const ids = store.unlistedIds(LATER_PAGE);
      if (ids.length === 0) break;
      const jobs = await laterPage(client, ids);
      if (!store.mergePage(token, ids, jobs)) return;
    }
  } catch (error) {
    // The list on screen stays (rows still loading say so); the panel shows this only if nothing was loaded yet.
    store.setLoadError(describeError(error));
  } finally {
    store.endLoad(token);
  }
}
