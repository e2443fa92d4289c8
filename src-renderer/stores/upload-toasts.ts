import type { AppNotification } from '../../src-shared/app/index.js';
import type { GroupedToastInput } from './notifications-store.js';

/** The group all "Uploaded <file>" notifications share, so a batch of 200 makes one counting toast. */
export const UPLOAD_SUCCESS_GROUP = 'uploads-done';

/** Whether a notification is the app's "Uploaded <file>" (as opposed to any other info notification). */
export const isUploadSuccess = (notification: Pick<AppNotification, 'kind'>): boolean =>
  notification.kind === 'upload-done';

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
