import { ApiError } from '../api/api-error.js';
import type { JobError } from '../../src-shared/engine/index.js';

export type FailureKind =
  | 'source-missing'
  | 'source-unreadable'
  | 'source-changed'
  | 'storage-mismatch'
  | 'upload-expired'
  | 'stalled'
  | 'unsupported'
  /** The source changed after it was queued and its new version fails slide QC. */
  | 'source-refused'
  /** De-identification is on and the slide's label cannot be removed safely: never uploaded with it. */
  | 'deid-refused';

/** A failure the engine itself detects, with a message for the technician. */
export class JobFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** What the runner does with an error. */
export type FailureAction =
  | { action: 'retry'; error: JobError; retryAfterMs?: number | undefined } // temporary: back off and try again
  | { action: 'restart-upload'; error: JobError } // the source changed or storage lost the upload: start the bytes over
  | { action: 'hold-queue'; error: JobError } // 401: stop everything until signed in again
  | { action: 'fail'; error: JobError }; // needs a person

export function classifyFailure(error: unknown): FailureAction {
  if (error instanceof JobFailure) {
    const jobError = { message: error.message, kind: error.kind, retryable: error.retryable };
    if (error.kind === 'source-changed' || error.kind === 'storage-mismatch')
      return { action: 'restart-upload', error: jobError };
    return error.retryable ? { action: 'retry', error: jobError } : { action: 'fail', error: jobError };
  }
  if (error instanceof ApiError) {
    const jobError = { message: error.message, kind: error.kind, retryable: error.retryable };
    if (error.kind === 'unauthorized') return { action: 'hold-queue', error: jobError };
    if (error.retryable)
      return {
        action: 'retry',
        error: jobError,
        retryAfterMs: error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined,
      };
    return { action: 'fail', error: jobError };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT')
    return {
      action: 'fail',
      error: {
        message: `The file is gone: ${message}. Was it moved or deleted?`,
        kind: 'source-missing',
        retryable: false,
      },
    };
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      action: 'fail',
      error: {
        message: `The file cannot be read: ${message}. Check its permissions.`,
        kind: 'source-unreadable',
        retryable: false,
      },
    };
  }
  if (code === 'EIO' || code === 'EBUSY' || code === 'ESTALE') {
    return {
      action: 'retry',
      error: {
        message: `Reading the file failed (${String(code)}); it may be on a network share that went away. Retrying.`,
        kind: 'source-unreadable',
        retryable: true,
      },
    };
  }
  return {
    action: 'fail',
    error: { message: `Unexpected error: ${message}`, kind: 'internal', retryable: false },
  };
}
