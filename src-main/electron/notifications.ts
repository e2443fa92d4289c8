import { Notification } from 'electron';
import type { AppNotification } from '../../src-shared/app/index.js';

/**
 * Native notifications for the app's `notification` events (finished/failed uploads, predictions), when the user
 * wants them. Clicking one brings the window forward. Shown notifications are held so their click handler is not
 * garbage-collected before the user clicks.
 */
export function setupNotifications(focus: () => void): { show(notification: AppNotification): void } {
  const shown = new Set<Notification>();
  return {
    show: ({ title, body, level }) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title,
        body,
        urgency: level === 'error' ? 'critical' : 'normal',
      });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        focus();
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}
