import { beforeEach, describe, expect, it } from 'vitest';
import type { AppStatus, DownloadProgress } from '../../../src-shared/app/index.js';
import type { QueueTotals } from '../../../src-shared/engine/index.js';
import type { WatchFolderView } from '../../../src-shared/watcher/index.js';
import { resetAddStore, useAddStore } from '../../../src-renderer/features/uploads/add-store.js';
import { resetDownloadsStore, useDownloadsStore } from '../../../src-renderer/stores/downloads-store.js';
import { routeEvent } from '../../../src-renderer/stores/event-router.js';
import { useNavStore } from '../../../src-renderer/stores/nav-store.js';
import { useNotificationsStore } from '../../../src-renderer/stores/notifications-store.js';
import {
  flushQueueEvents,
  resetQueueStore,
  useQueueStore,
} from '../../../src-renderer/stores/queue-store.js';
import { resetStatusStore, useStatusStore } from '../../../src-renderer/stores/status-store.js';
import {
  resetWatchStore,
  useWatchStore,
  watchProblemCount,
} from '../../../src-renderer/stores/watch-store.js';
import { jobView } from '../../helpers/job-view.js';
import { UploadNotifier } from '../../../src-main/app/upload-notifier.js';

function folder(id: number, patch: Partial<WatchFolderView> = {}): WatchFolderView {
  return {
    id,
    path: `/watch/${id}`,
    depth: null,
    includeExtensions: [],
    metadata: { userid: 19 },
    deidentify: false,
    afterUpload: 'leave',
    moveSubdir: null,
    usePolling: null,
    stableSeconds: 10,
    enabled: true,
    status: 'watching',
    statusMessage: null,
    mode: 'events',
    lastFile: null,
    counts: { seen: 0, settling: 0, queued: 0, uploaded: 0, duplicates: 0, skipped: 0, held: 0, failed: 0 },
    ...patch,
  };
}

const totals: QueueTotals = {
  at: 0,
  bytesDone: 500,
  bytesTotal: 2000,
  speed: 100,
  eta: 15,
  etaState: 'ready',
  counts: {
    checking: 0,
    duplicate: 0,
    queued: 1,
    registering: 0,
    uploading: 1,
    finalizing: 0,
    done: 0,
    paused: 0,
    failed: 0,
    cancelled: 0,
  },
};

const status: AppStatus = {
  version: '0.1.0',
  host: 'browser',
  server: { label: 'Embedded sandbox', url: 'http://127.0.0.1:1', sandbox: true },
  userId: 19,
  hold: null,
  problem: null,
};

beforeEach(() => {
  resetAddStore();
  resetQueueStore();
  resetWatchStore();
  resetStatusStore();
  resetDownloadsStore();
  useNotificationsStore.getState().clear();
});

describe('event router → queue store', () => {
  it('adds, updates and removes jobs keeping queue order', () => {
    useQueueStore.getState().load({ jobs: [jobView(1), jobView(2)], totals: null, hold: null, runner: null });
    routeEvent({ type: 'job-added', job: jobView(3) });
    routeEvent({ type: 'job-updated', job: jobView(1, { state: 'uploading' }), change: 'state' });
    routeEvent({ type: 'job-removed', jobId: 2 });
    flushQueueEvents();
    const state = useQueueStore.getState();
    expect(state.order).toEqual([1, 3]);
    expect(state.jobs.get(1)?.state).toBe('uploading');
    expect(state.jobs.get(2)).toBeUndefined();
    expect(state.loaded).toBe(true);
  });

  it('merges progress per job and keeps the latest totals; removal forgets progress', () => {
    routeEvent({ type: 'job-added', job: jobView(1, { state: 'uploading' }) });
    routeEvent({
      type: 'progress',
      jobs: [{ id: 1, bytesSent: 200, size: 1000, speed: 50, eta: 16 }],
      totals,
    });
    routeEvent({
      type: 'progress',
      jobs: [{ id: 1, bytesSent: 500, size: 1000, speed: 100, eta: 5 }],
      totals: { ...totals, bytesDone: 900 },
    });
    flushQueueEvents();
    expect(useQueueStore.getState().progress[1]?.bytesSent).toBe(500);
    expect(useQueueStore.getState().totals?.bytesDone).toBe(900);
    routeEvent({ type: 'job-removed', jobId: 1 });
    flushQueueEvents();
    expect(useQueueStore.getState().progress[1]).toBeUndefined();
  });

  it('holds and releases the queue in both the queue and the status store', () => {
    useStatusStore.getState().setStatus(status);
    const hold = { reason: 'auth' as const, message: 'The server refused the token.' };
    routeEvent({ type: 'queue-held', hold });
    expect(useQueueStore.getState().hold).toEqual(hold);
    expect(useStatusStore.getState().status?.hold).toEqual(hold);
    routeEvent({ type: 'queue-released' });
    expect(useQueueStore.getState().hold).toBeNull();
    expect(useStatusStore.getState().status?.hold).toBeNull();
  });

  it('moves a job locally the way queue.move will', () => {
    useQueueStore
      .getState()
      .load({ jobs: [jobView(1), jobView(2), jobView(3)], totals: null, hold: null, runner: null });
    useQueueStore.getState().move(3, 1);
    expect(useQueueStore.getState().order).toEqual([3, 1, 2]);
    useQueueStore.getState().move(3, null);
    expect(useQueueStore.getState().order).toEqual([1, 2, 3]);
  });
});

describe('event router → other stores', () => {
  it('tracks watch folders, their file activity and problem count', () => {
    routeEvent({ type: 'watch-folder-updated', folder: folder(1) });
    routeEvent({ type: 'watch-folder-updated', folder: folder(2, { status: 'unreachable' }) });
    routeEvent({
      type: 'watch-file',
      folderId: 1,
      path: '/watch/1/a.svs',
      outcome: 'queued',
      message: 'Queued',
      at: 1_700_000_000_000,
    });
    const state = useWatchStore.getState();
    expect(state.order).toEqual([1, 2]);
    expect(state.activity[1]?.[0]).toMatchObject({
      path: '/watch/1/a.svs',
      outcome: 'queued',
      at: 1_700_000_000_000,
    });
    expect(state.revision[1]).toBe(1);
    expect(watchProblemCount(state.folders)).toBe(1);
    routeEvent({ type: 'watch-folder-removed', folderId: 2 });
    expect(useWatchStore.getState().order).toEqual([1]);
  });

  it('keeps downloads by id', () => {
    const progress: DownloadProgress = {
      type: 'download-progress',
      downloadId: 'd1',
      imageUniqueId: 'u1',
      fileName: 'a.svs',
      path: '/dl/a.svs',
      bytes: 10,
      total: 100,
      state: 'running',
      error: null,
    };
    routeEvent(progress);
    routeEvent({ ...progress, bytes: 100, state: 'done' });
    expect(useDownloadsStore.getState().downloads.d1).toMatchObject({ bytes: 100, state: 'done' });
  });

  it('turns notices and notifications into toasts and updates settings and status', () => {
    routeEvent({ type: 'notice', level: 'error', message: 'slide-1.svs failed: the file changed.' });
    routeEvent({ type: 'notification', level: 'info', title: 'Uploads finished', body: '3 slides uploaded' });
    const toasts = useNotificationsStore.getState().toasts;
    expect(toasts.map((toast) => [toast.level, toast.title])).toEqual([
      ['error', 'slide-1.svs failed: the file changed.'],
      ['info', 'Uploads finished'],
    ]);
    routeEvent({ type: 'status-changed', status: { ...status, userId: 7 } });
    expect(useStatusStore.getState().status?.userId).toBe(7);
  });

  it('coalesces upload successes into one counting toast; failures stay one per file', () => {
    for (const id of [1, 2, 3, 4]) routeEvent({ type: 'job-added', job: jobView(id) });
    const uploaded = (id: number) =>
      routeEvent({
        type: 'notification',
        kind: 'upload-done',
        level: 'info',
        title: `Uploaded slide-${id}.svs`,
        body: `/slides/slide-${id}.svs`,
      });
    uploaded(1);
    expect(useNotificationsStore.getState().toasts.map((toast) => toast.title)).toEqual([
      'slide-1.svs uploaded',
    ]);
    uploaded(2);
    routeEvent({
      type: 'notification',
      kind: 'upload-failed',
      level: 'error',
      title: 'Upload failed: slide-4.svs',
      body: 'Refused.',
    });
    uploaded(3);
    const toasts = useNotificationsStore.getState().toasts;
    expect(toasts.map((toast) => [toast.level, toast.title, toast.body])).toEqual([
      ['success', '3 slides uploaded', 'Latest: slide-3.svs'],
      ['error', 'Upload failed: slide-4.svs', 'Refused.'],
    ]);
    expect(toasts[0]?.timeoutMs).toBe(4_000);
    expect(toasts[1]?.timeoutMs).toBeNull();
    // An info notification that only looks like one (not marked as an upload) is shown as it is.
    routeEvent({
      type: 'notification',
      level: 'info',
      title: 'Uploaded elsewhere.svs',
      body: '/x/elsewhere.svs',
    });
    expect(useNotificationsStore.getState().toasts.at(-1)?.title).toBe('Uploaded elsewhere.svs');
  });

  it('switches screens when the desktop menu asks to', () => {
    routeEvent({ type: 'navigate', screen: 'watch-folders' });
    expect(useNavStore.getState().screen).toBe('watch-folders');
    routeEvent({ type: 'navigate', screen: 'uploads' });
    expect(useNavStore.getState().screen).toBe('uploads');
  });

  it('puts slides picked from the desktop menu into the Add slides form, not straight into the queue', () => {
    useNavStore.getState().go('images');
    routeEvent({ type: 'stage-paths', paths: ['/slides/a.svs', '/slides/b.svs'] });
    expect(useAddStore.getState().staged).toEqual(['/slides/a.svs', '/slides/b.svs']);
    expect(useNavStore.getState().screen).toBe('uploads');
  });

  it('ignores event types it does not know', () => {
    expect(() => routeEvent({ type: 'from-the-future' } as never)).not.toThrow();
  });
});

describe('event router → one toast per event', () => {
  /** The events one failed upload produces, in the order the app sends them. */
  function failJob(id: number): void {
    const job = jobView(id, {
      fileName: `case-${id}.svs`,
      state: 'failed',
      error: {
        message: 'POST /Images failed — the server answered HTTP 400: bad patient.',
        kind: 'rejected',
        retryable: false,
      },
    });
    const notifier = new UploadNotifier((notification) =>
      routeEvent({ type: 'notification', ...notification }),
    );
    routeEvent({ type: 'job-updated', job, change: 'state' });
    notifier.onEngineEvent({ type: 'job-updated', job, change: 'state' });
    // The engine's own notice of the same failure.
    routeEvent({
      type: 'notice',
      level: 'error',
      message: `case-${id}.svs: The server refused it.`,
      jobId: id,
    });
  }

  it('whichever report comes first, one toast remains, with the detail the notification carries', () => {
    routeEvent({ type: 'notice', level: 'error', message: 'case-9.svs: The server refused it.', jobId: 9 });
    failJob(9);
    const toasts = useNotificationsStore.getState().toasts;
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({
      title: 'Upload failed: case-9.svs',
      detail: expect.stringContaining('HTTP 400'),
    });
  });

  it('shows one failure once, in plain words with its technical detail apart', () => {
    failJob(7);
    const toasts = useNotificationsStore.getState().toasts;
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({
      level: 'error',
      title: 'Upload failed: case-7.svs',
      body: 'The server refused it. Correct what the server names (for a slide: its patient, study…), then press Retry.',
      detail: 'POST /Images failed — the server answered HTTP 400: bad patient.',
    });
    // A repeat of the same state (the engine may send it twice) adds nothing, even after the toast was dismissed.
    useNotificationsStore.getState().dismiss(toasts[0]!.id);
    failJob(7);
    expect(useNotificationsStore.getState().toasts).toHaveLength(0);
  });

  it('a retried job that fails again is a new event, with its own toast; other jobs have theirs', () => {
    failJob(7);
    routeEvent({ type: 'job-updated', job: jobView(7, { state: 'queued' }), change: 'state' });
    failJob(7);
    failJob(8);
    expect(useNotificationsStore.getState().toasts.map((toast) => toast.title)).toEqual([
      'Upload failed: case-7.svs',
      'Upload failed: case-7.svs',
      'Upload failed: case-8.svs',
    ]);
  });
});
