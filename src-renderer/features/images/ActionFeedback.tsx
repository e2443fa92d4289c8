/**
 * The outcome of a panel action, announced: successes politely, failures as alerts. The status region is always
 * rendered so screen readers pick up the text when it changes.
 */
export function ActionFeedback({ message, error }: { message: string | null; error: string | null }) {
  return (
    <>
      <p className="action-feedback action-feedback--ok" role="status" aria-live="polite">
        {!error && message}
      </p>
      {error && (
        <p className="action-feedback action-feedback--error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
