import type { AppNotification } from '../../src-shared/app/index.js';
import type { JobView } from '../../src-shared/engine/index.js';
import type { GroupedToastInput } from './notifications-store.js';

/** The group all "Uploaded <file>" notifications share, so a batch of 200 makes one counting toast. */
export const UPLOAD_SUCCESS_GROUP = 'uploads-done';

/**
 * Whether a notification is the app's "Uploaded <file>" for a job in the queue (title and source path both
 * match), as opposed to any other info notification.
 */
export function isUploadSuccess(
  notification: Pick<AppNotification, 'level' | 'title' | 'body'>,
  jobs: Record<number, JobView>,
): boolean {
  if (notification.level !== 'info' || !notification.title.startsWith('Uploaded ')) return false;
  return Object.values(jobs).some(
    (job) => job.sourcePath === notification.body && notification.title === `Uploaded ${job.fileName}`,
  );
}

/** "case-1.svs uploaded", then "2 slides uploaded" naming the latest one. */
export const uploadSuccessToast =
  (fileName: string): GroupedToastInput =>
  (count) =>
    count === 1
      ? { level: 'success', title: `${fileName} uploaded`, body: '' }
      : {
          level: 'success',
          title: `${count.toLocaleString('en-US')} slides uploaded`,
          body: `Latest: ${fileName}`,
        };
