import type { AppEvent } from '../../src-shared/app/index.js';
import { useAddStore } from '../features/uploads/add-store.js';
import { useDownloadsStore } from './downloads-store.js';
import { useNavStore } from './nav-store.js';
import { notify, useNotificationsStore, type ToastLevel } from './notifications-store.js';
import { useQueueStore } from './queue-store.js';
import { useStatusStore } from './status-store.js';
import { useUpdateStore } from './update-store.js';
import { UPLOAD_SUCCESS_GROUP, isUploadSuccess, uploadSuccessToast } from './upload-toasts.js';
import { useWatchStore } from './watch-store.js';

const TOAST_LEVEL: Record<'info' | 'warning' | 'error', ToastLevel> = {
  info: 'info',
  warning: 'warning',
  error: 'error',
};

/** A job's failure as one event, whichever side reports it (engine notice, app notification). */
export const jobFailedKey = (jobId: number): string => `job ${jobId} failed`;

/**
 * The one place events become state: engine and watcher events go to their stores, notices and notifications
 * become toasts. Components only read stores, so data flows one way: engine → events → stores → components.
 */
export function routeEvent(event: AppEvent): void {
  switch (event.type) {
    case 'job-added':
    case 'job-updated':
      useQueueStore.getState().upsert(event.job);
      // Out of "failed" (retried, forgotten): its next failure is a new event with its own toast.
      if (event.job.state !== 'failed') useNotificationsStore.getState().forget(jobFailedKey(event.job.id));
      return;
    case 'job-removed':
      useQueueStore.getState().remove(event.jobId);
      useNotificationsStore.getState().forget(jobFailedKey(event.jobId));
      return;
    case 'progress':
      useQueueStore.getState().applyProgress(event.jobs, event.totals);
      return;
    case 'queue-held': {
      useQueueStore.getState().setHold(event.hold);
      const status = useStatusStore.getState().status;
      if (status) useStatusStore.getState().setStatus({ ...status, hold: event.hold });
      return;
    }
    case 'queue-released': {
      useQueueStore.getState().setHold(null);
      const status = useStatusStore.getState().status;
      if (status) useStatusStore.getState().setStatus({ ...status, hold: null });
      return;
    }
    case 'notice': {
      const toast = { level: TOAST_LEVEL[event.level], title: event.message, body: '', detail: event.detail };
      // The engine's "<file>: failed" notice and the app's "Upload failed" notification are one event.
      if (event.level === 'error' && event.jobId !== undefined)
        useNotificationsStore.getState().pushOnce(jobFailedKey(event.jobId), toast);
      else notify(toast);
      return;
    }
    case 'notification': {
      // Successes of a batch share one counting toast; failures stay one per file.
      if (isUploadSuccess(event)) {
        const fileName = event.title.slice('Uploaded '.length);
        useNotificationsStore.getState().pushGrouped(UPLOAD_SUCCESS_GROUP, uploadSuccessToast(fileName));
        return;
      }
      const toast = {
        level: TOAST_LEVEL[event.level],
        title: event.title,
        body: event.body,
        detail: event.detail,
      };
      if (event.kind === 'upload-failed' && event.jobId !== undefined)
        useNotificationsStore.getState().pushOnce(jobFailedKey(event.jobId), toast);
      else notify(toast);
      return;
    }
    case 'watch-folder-updated':
      useWatchStore.getState().upsert(event.folder);
      return;
    case 'watch-folder-removed':
      useWatchStore.getState().remove(event.folderId);
      return;
    case 'watch-file':
      useWatchStore.getState().recordFile(event.folderId, {
        path: event.path,
        outcome: event.outcome,
        message: event.message,
        at: event.at,
      });
      return;
    case 'download-progress':
      useDownloadsStore.getState().update(event);
      return;
    case 'settings-changed':
      useStatusStore.getState().setSettings(event.settings);
      return;
    case 'status-changed':
      useStatusStore.getState().setStatus(event.status);
      useQueueStore.getState().setHold(event.status.hold);
      return;
    case 'navigate':
      useNavStore.getState().go(event.screen);
      return;
    case 'stage-paths':
      // Picked from the app menu: into the Add slides form, where the batch's details are filled in before Upload.
      useAddStore.getState().stage(event.paths);
      useNavStore.getState().go('uploads');
      return;
    case 'update-status':
      useUpdateStore.getState().setStatus(event.status);
      return;
    default:
      // A newer engine may send events this UI does not know yet; ignoring them is safe.
      return;
  }
}
