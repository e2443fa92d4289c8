/**
 * Marks an error class whose message is already written for people ("The upload queue in … is damaged … run
 * doctor --restore"): the one vocabulary says it as it is instead of "did not work". Any other unexpected Error
 * (a library's raw text) stays behind "Details". A symbol, so marking a class imports nothing heavy.
 */
export const SAID_AS_IS = Symbol.for('pathomiq.saidAsIs');

export const isSaidAsIs = (error: unknown): error is Error =>
  error instanceof Error && (error as Error & { [SAID_AS_IS]?: boolean })[SAID_AS_IS] === true;
