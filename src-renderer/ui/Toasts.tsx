import { useEffect } from 'react';
import { useNotificationsStore, type Toast } from '../stores/notifications-store.js';
import { ErrorDetails } from './ErrorDetails.js';
import { IconButton } from './IconButton.js';
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from './icons.js';
import './toasts.css';

const ICONS = { info: InfoIcon, success: CheckIcon, warning: AlertIcon, error: AlertIcon } as const;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useNotificationsStore((state) => state.dismiss);
  useEffect(() => {
    if (toast.timeoutMs === null) return undefined;
    const timer = setTimeout(() => dismiss(toast.id), toast.timeoutMs);
    return () => clearTimeout(timer);
  }, [toast.id, toast.timeoutMs, toast.revision, dismiss]);
  const Icon = ICONS[toast.level];
  return (
    <li className={`toast toast--${toast.level}`}>
      <span className="toast__icon">
        <Icon />
      </span>
      <div className="toast__text">
        <div className="toast__title">{toast.title}</div>
        {toast.body && <div className="toast__body">{toast.body}</div>}
        <ErrorDetails detail={toast.detail} />
      </div>
      <IconButton label="Dismiss notification" onClick={() => dismiss(toast.id)}>
        <CloseIcon size={14} />
      </IconButton>
    </li>
  );
}

/** The corner stack of notifications; a polite live region so screen readers hear each one once. */
export function Toasts() {
  const toasts = useNotificationsStore((state) => state.toasts);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite" aria-relevant="additions">
      <ol className="toasts__list">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ol>
    </section>
  );
}
