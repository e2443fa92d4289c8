import './error-details.css';

/**
 * A failure's technical words (request, HTTP status, the server's text) one click away from its plain sentence:
 * whoever helps can read them, and the person at the screen is not made to.
 */
export function ErrorDetails({ detail }: { detail: string | null | undefined }) {
  if (!detail) return null;
  return (
    <details className="error-details">
      <summary>Details</summary>
      <p className="error-details__text">{detail}</p>
    </details>
  );
}
