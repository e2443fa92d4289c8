import { RemoteCommandError, errorLine } from '../../src-shared/app/index.js';
import { plainAppError } from '../app/describe-error.js';
import { ApiError } from '../api/api-error.js';
import { exitCodeOf } from './app-transport.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** The exit code of a command that failed (README "Exit codes"). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof RemoteCommandError) return exitCodeOf(error);
  if (error instanceof ApiError && error.kind === 'unauthorized') return EXIT.signInAgain;
  return EXIT.failed;
}

/** What scripts get besides the message (--json): the server's refusal, named the same way by both paths. */
export function errorDetail(error: unknown): Record<string, unknown> {
  if (error instanceof RemoteCommandError) return { ...error.info.server };
  if (error instanceof ApiError) {
    const { endpoint, kind, status, retryable } = error;
    return { endpoint, kind, status: status ?? null, retryable };
  }
  return {};
}

/**
 * A failure in the same words the app shows (`error-words.ts`), the technical detail apart: printed with
 * --verbose, and always in --json.
 */
export function errorWords(error: unknown): { message: string; detail: string | null } {
  if (error instanceof RemoteCommandError)
    return { message: error.info.message, detail: error.info.detail ?? null };
  if (error instanceof UsageError) return { message: error.message, detail: null };
  const plain = plainAppError(error);
  return { message: errorLine(plain), detail: plain.detail };
}
