import type { ReactNode } from 'react';
import { Button } from './Button.js';
import { ErrorDetails } from './ErrorDetails.js';
import { AlertIcon } from './icons.js';
import './feedback.css';

export interface ErrorBannerProps {
  title?: string;
  /** What happened and what to do, in plain words. */
  children: ReactNode;
  /** The technical words behind it, behind a "Details" disclosure. */
  detail?: string | null | undefined;
  tone?: 'danger' | 'warning';
  onRetry?: () => void;
  retryLabel?: string;
  onDismiss?: () => void;
  actions?: ReactNode;
}

/** A problem shown where it happened, announced to screen readers. */
export function ErrorBanner({
  title,
  children,
  detail,
  tone = 'danger',
  onRetry,
  retryLabel = 'Try again',
  onDismiss,
  actions,
}: ErrorBannerProps) {
  return (
    <div className={`error-banner error-banner--${tone}`} role="alert">
      <span className="error-banner__icon">
        <AlertIcon />
      </span>
      <div className="error-banner__text">
        {title && <div className="error-banner__title">{title}</div>}
        <div>{children}</div>
        <ErrorDetails detail={detail} />
      </div>
      <div className="error-banner__actions">
        {actions}
        {onRetry && (
          <Button size="sm" onClick={onRetry}>
            {retryLabel}
          </Button>
        )}
        {onDismiss && (
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
    </div>
  );
}
