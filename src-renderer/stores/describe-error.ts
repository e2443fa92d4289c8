import {
  RemoteCommandError,
  errorLine,
  wordError,
  type ErrorOffer,
  type PlainError,
} from '../../src-shared/app/index.js';

/**
 * An error as the person at the screen reads it: what happened, one thing to do (matching the buttons `offer`ed
 * where it is shown), and the technical detail kept apart for a "Details" disclosure. The words come from the one
 * vocabulary (`src-shared/app/error-words.ts`); a server's refusal is reworded from its kind here, because only
 * the place that shows it knows whether a Retry button stands beside it.
 */
export function plainError(
  error: unknown,
  options: { subject?: string; offer?: ErrorOffer } = {},
): PlainError {
  if (error instanceof RemoteCommandError) {
    const { info } = error;
    if (info.server)
      return wordError(info.server.kind, {
        ...options,
        subject: options.subject ?? info.server.subject ?? null,
        detail: info.detail ?? null,
        serverSays: info.server.serverSays ?? null,
      });
    if (info.code === 'invalid-args' || info.code === 'unknown-command')
      return wordError(info.code, { ...options, detail: info.message });
    return { message: info.message, advice: '', detail: info.detail ?? null };
  }
  if (error instanceof Error) return { message: error.message, advice: '', detail: null };
  return { message: String(error), advice: '', detail: null };
}

/** The same, as one line (message and advice) where no detail can be shown. */
export const describeError = (error: unknown, options?: { subject?: string; offer?: ErrorOffer }): string =>
  errorLine(plainError(error, options));
