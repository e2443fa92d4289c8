import { plainError } from '../stores/describe-error.js';
import { errorLine } from '../../src-shared/app/index.js';
import { notify } from '../stores/notifications-store.js';

/**
 * Runs a user action; a failure becomes an error toast titled with what was being done (e.g. "Could not pause")
 * the one vocabulary's words, and
 * the technical detail behind "Details". Resolves to undefined on failure, so callers can simply check the result.
 */
export async function runAction<T>(failureTitle: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    // No Retry button beside a toast: its advice never says "press Retry".
    const plain = plainError(error);
    notify({ level: 'error', title: failureTitle, body: errorLine(plain), detail: plain.detail });
    return undefined;
  }
}
