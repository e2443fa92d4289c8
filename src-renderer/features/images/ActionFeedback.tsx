import { useEffect, useRef, useState } from 'react';
import type { PlainError } from '../../../src-shared/app/index.js';
import { ErrorDetails } from '../../ui/index.js';
import { useActionEpoch } from './action-epoch.js';

/**
 * The outcome of a panel action, announced: successes politely, failures as alerts with their technical detail
 * one click away. The status region is always rendered so screen readers pick up the text when it changes.
 * Feedback goes stale, and is hidden, once an action in another section starts after it was shown.
 */
export function ActionFeedback({
  message,
  error,
}: {
  message: string | null;
  error: PlainError | string | null;
}) {
  const anchor = useRef<HTMLParagraphElement>(null);
  const epoch = useActionEpoch((state) => state.epoch);
  const origin = useActionEpoch((state) => state.origin);
  const [shownAt, setShownAt] = useState(epoch);
  useEffect(() => setShownAt(useActionEpoch.getState().epoch), [message, error]);
  const section = anchor.current?.closest('.details-section') ?? null;
  const ownAction = origin !== null && section !== null && section.contains(origin);
  const stale = shownAt < epoch && !ownAction;
  const plain = typeof error === 'string' ? { message: error, advice: '', detail: null } : error;
  return (
    <>
      <p ref={anchor} className="action-feedback action-feedback--ok" role="status" aria-live="polite">
        {!plain && !stale && message}
      </p>
      {plain && !stale && (
        <div className="action-feedback action-feedback--error" role="alert">
          <p className="action-feedback__message">
            {plain.message}
            {plain.advice && ` ${plain.advice}`}
          </p>
          <ErrorDetails detail={plain.detail} />
        </div>
      )}
    </>
  );
}
