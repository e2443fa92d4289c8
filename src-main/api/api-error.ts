/** What went wrong, in the categories a caller acts on (retry, sign in again, fix the input, give up). */
export type ApiErrorKind =
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  /** The image exists but what was asked of it (its file, its prediction result) is not there yet. */
  | 'not-ready'
  | 'conflict'
  | 'rejected'
  | 'too-large'
  | 'rate-limited'
  | 'server'
  | 'bad-response';

const RETRYABLE: ReadonlySet<ApiErrorKind> = new Set(['network', 'timeout', 'rate-limited', 'server']);

/**
 * A failed call to the PathomIQ server or its S3 store. `message` is the technical account (request, status, the
 * server's words) shown as a failure's details; people read `wordError(kind)` from `src-shared/app/error-words.ts`. It never holds tokens, presigned fields or signed URLs (endpoints are named by path only).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** e.g. "POST /Images" */
  readonly endpoint: string;
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;
  /** The server's own message (JSON `msg`, S3 XML `Message`), if it sent one. */
  readonly serverMessage: string | undefined;
  readonly kind: ApiErrorKind;
  /** Whether trying again later can help (network trouble, 5xx, 429, timeouts). */
  readonly retryable: boolean;
  /** Seconds the server asked us to wait (Retry-After), if any. */
  readonly retryAfterSeconds: number | undefined;
  /** What the call was about, when the caller knows ("image 62ef…"): named in the words people read. */
  readonly subject: string | undefined;

  constructor(init: {
    endpoint: string;
    kind: ApiErrorKind;
    message: string;
    status?: number | undefined;
    serverMessage?: string | undefined;
    retryAfterSeconds?: number | undefined;
    subject?: string | undefined;
  }) {
    super(init.message);
    this.endpoint = init.endpoint;
    this.kind = init.kind;
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.subject = init.subject;
    this.retryable = RETRYABLE.has(init.kind);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      endpoint: this.endpoint,
      kind: this.kind,
      status: this.status,
      message: this.message,
      retryable: this.retryable,
    };
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
