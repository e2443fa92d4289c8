import { ZodError, z } from 'zod';
import { AppCommandError } from '../../src-shared/app/index.js';
import { ApiError } from '../api/index.js';
import { redactUrl } from '../shared/redact.js';
import { WatchFolderError } from '../watcher/watch-service.js';

const URL_PATTERN = /https?:\/\/[^\s"'<>]+/g;
const BEARER_PATTERN = /Bearer\s+[^\s"']+/gi;

/** Removes what must never reach the UI: bearer tokens and the signatures of presigned URLs. */
export function scrubSecrets(text: string): string {
  return text.replace(BEARER_PATTERN, 'Bearer REDACTED').replace(URL_PATTERN, (url) => redactUrl(url));
}

/**
 * The words a technician sees when a command fails. Our own errors (API, watch folders, the service's refusals)
 * already say what happened and what to do; anything else is named as unexpected.
 */
export function describeAppError(error: unknown): string {
  if (error instanceof ApiError || error instanceof AppCommandError || error instanceof WatchFolderError)
    return scrubSecrets(error.message);
  if (error instanceof ZodError) return `Invalid input: ${z.prettifyError(error)}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && typeof code === 'string' && code.startsWith('E'))
    return scrubSecrets(`${error.message} (${code}).`);
  const message = error instanceof Error ? error.message : String(error);
  return scrubSecrets(`Unexpected error: ${message}. If it happens again, report it with the app's log.`);
}

/** A short reason for a notification body or a log line. */
export const reasonOf = (error: unknown): string => describeAppError(error);
