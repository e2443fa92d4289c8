import { describeError } from '../stores/describe-error.js';
import { notify } from '../stores/notifications-store.js';

/**
 * Runs a user action; a failure becomes an error toast titled with what was being done (e.g. "Could not pause")
 * and the uploader's own words. Resolves to undefined on failure, so callers can simply check the result.
 */
export async function runAction<T>(failureTitle: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    notify({ level: 'error', title: failureTitle, body: describeError(error) });
    return undefined;
  }
}
