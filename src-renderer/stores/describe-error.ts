import { RemoteCommandError } from '../../src-shared/app/index.js';

/**
 * An error as a sentence for the person at the screen. The uploader already words its failures for technicians;
 * argument errors are our own bugs, so they get a plainer lead-in.
 */
export function describeError(error: unknown): string {
  if (error instanceof RemoteCommandError) {
    if (error.info.code === 'invalid-args') return `Some values were not accepted: ${error.info.message}`;
    if (error.info.code === 'unknown-command')
      return 'This window and the uploader are different versions. Restart the app.';
    return error.info.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
