import { ZodError, z } from 'zod';
import { AppCommandError, type AppErrorInfo } from '../../src-shared/app/index.js';
import { ApiError } from '../api/api-error.js';
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

/**
 * A failure as it crosses a transport: the words of {@link describeAppError}, and for a server's refusal what it
 * was — `unauthorized` when the server refused the token, so a transport can say "sign in again" its own way.
 */
export function appErrorInfo(error: unknown): AppErrorInfo {
  const message = describeAppError(error);
  if (error instanceof AppCommandError) return { code: error.code, message };
  if (!(error instanceof ApiError)) return { code: 'failed', message };
  const server = {
    endpoint: error.endpoint,
    kind: error.kind,
    status: error.status ?? null,
    retryable: error.retryable,
  };
  return { code: error.kind === 'unauthorized' ? 'unauthorized' : 'failed', message, server };
}
