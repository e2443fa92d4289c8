import { ZodError, z } from 'zod';
import {
  AppCommandError,
  errorLine,
  wordError,
  type AppErrorInfo,
  type PlainError,
} from '../../src-shared/app/index.js';
import { ApiError } from '../api/api-error.js';
import { redactUrl } from '../shared/redact.js';
import { WatchFolderError } from '../watcher/watch-service.js';
import { isSaidAsIs } from '../shared/said-as-is.js';

const URL_PATTERN = /https?:\/\/[^\s"'<>]+/g;
const BEARER_PATTERN = /Bearer\s+[^\s"']+/gi;

/** Removes what must never reach the UI: bearer tokens and the signatures of presigned URLs. */
export function scrubSecrets(text: string): string {
  return text.replace(BEARER_PATTERN, 'Bearer REDACTED').replace(URL_PATTERN, (url) => redactUrl(url));
}

/**
 * A failure as people read it, from the one vocabulary (`src-shared/app/error-words.ts`): what happened, one
 * thing to do, and the technical words apart. Our own refusals (the service's, watch folders') are already
 * plain sentences; anything unknown is named as unexpected, its own text kept as the detail.
 */
export function plainAppError(error: unknown): PlainError {
  if (error instanceof ApiError)
    return wordError(error.kind, {
      subject: error.subject ?? null,
      detail: scrubSecrets(error.message),
      serverSays: error.serverMessage === undefined ? null : scrubSecrets(error.serverMessage),
    });
  if (error instanceof AppCommandError || error instanceof WatchFolderError)
    return { message: scrubSecrets(error.message), advice: '', detail: null };
  if (error instanceof ZodError) return wordError('invalid-args', { detail: z.prettifyError(error) });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && typeof code === 'string' && code.startsWith('E'))
    return { message: scrubSecrets(`${error.message} (${code}).`), advice: '', detail: null };
  // Our own refusals written for people ("The upload queue in … is damaged …"): said as they are. Anything else
  // unexpected (a library's raw text) reads "did not work", its text behind Details.
  if (isSaidAsIs(error)) return { message: scrubSecrets(error.message), advice: '', detail: null };
  const message = error instanceof Error ? error.message : String(error);
  return wordError('failed', {
    subject: 'The command',
    detail: scrubSecrets(`Unexpected error: ${message}`),
  });
}

/** The words a technician sees when a command fails, on one line (logs, dialogs, notification bodies). */
export const describeAppError = (error: unknown): string => errorLine(plainAppError(error));

/** A short reason for a notification body or a log line. */
export const reasonOf = (error: unknown): string => describeAppError(error);

/**
 * A failure as it crosses a transport: the words of {@link plainAppError} (the detail apart), its kind so the
 * receiving side can word the advice for the buttons it offers, and for a server's refusal what it was —
 * `unauthorized` when the server refused the token, so a transport can say "sign in again" its own way.
 */
export function appErrorInfo(error: unknown): AppErrorInfo {
  const plain = plainAppError(error);
  const words = { message: errorLine(plain), ...(plain.detail ? { detail: plain.detail } : {}) };
  if (error instanceof AppCommandError) return { code: error.code, ...words };
  if (!(error instanceof ApiError)) return { code: 'failed', ...words };
  const server = {
    endpoint: error.endpoint,
    kind: error.kind,
    status: error.status ?? null,
    retryable: error.retryable,
    ...(error.serverMessage ? { serverSays: scrubSecrets(error.serverMessage) } : {}),
    ...(error.subject ? { subject: error.subject } : {}),
  };
  return { code: error.kind === 'unauthorized' ? 'unauthorized' : 'failed', ...words, server };
}
