import { isAxiosError, isCancel } from 'axios';
import { ApiError, type ApiErrorKind } from './api-error.js';
import { networkReasonOf } from './network-reasons.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_NETWORK',
  'ECONNABORTED_SOCKET',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_TIMEOUT']);

/** Pulls the human part out of an error body: JSON {msg|message|detail|error} or S3's XML <Message>. */
export function serverMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const xml = /<Message>([\s\S]*?)<\/Message>/.exec(body);
    if (xml?.[1]) return xml[1].trim();
    const trimmed = body.trim();
    if (trimmed.startsWith('{')) {
      try {
        return serverMessageOf(JSON.parse(trimmed));
      } catch {
        return undefined;
      }
    }
    return trimmed && !trimmed.startsWith('<') ? trimmed.slice(0, 500) : undefined;
  }
  if (body && typeof body === 'object') {
    for (const field of ['msg', 'message', 'detail', 'error', 'status'] as const) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return serverMessageOf(new TextDecoder().decode(body as ArrayBuffer));
  }
  return undefined;
}

function statusKind(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'rejected';
}

const ADVICE: Record<ApiErrorKind, string> = {
  network: 'Check the network and the server address in Settings; it will be tried again.',
  timeout: 'The server may be overloaded or the network slow; it will be tried again.',
  cancelled: '',
  unauthorized: 'Sign in again (Settings → access token, or --token).',
  forbidden: 'You may not have access to this item, or the upload link expired.',
  'not-found': 'It may have been deleted; refresh the list.',
  conflict: 'Wait for the current step to finish, then try again.',
  rejected: 'Check the values that were sent.',
  'too-large': 'The file or request is larger than the server accepts.',
  'rate-limited': 'The server is busy; it will be tried again shortly.',
  server: 'This is usually temporary; it will be tried again.',
  'bad-response': 'The server may run a different API version; report this to your PathomIQ administrator.',
};

export function retryAfterSeconds(header: unknown): number | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export function describe(
  kind: ApiErrorKind,
  endpoint: string,
  status: number | undefined,
  serverMessage: string | undefined,
): string {
  const what =
    kind === 'network'
      ? 'could not reach the server'
      : kind === 'timeout'
        ? 'the server did not answer in time'
        : kind === 'cancelled'
          ? 'cancelled'
          : kind === 'bad-response'
            ? 'the server sent an answer the app does not understand'
            : `the server answered HTTP ${status}`;
  const detail = serverMessage ? `: ${serverMessage.replace(/[.\s]+$/, '')}` : '';
  const advice = ADVICE[kind];
  return `${endpoint} failed — ${what}${detail}.${advice ? ` ${advice}` : ''}`;
}

/** Turns whatever axios threw into an {@link ApiError}, dropping request config (which holds the token). */
export function toApiError(error: unknown, endpoint: string): ApiError {
  if (error instanceof ApiError) return error;
  if (isCancel(error) || (isAxiosError(error) && error.code === 'ERR_CANCELED')) {
    return new ApiError({ endpoint, kind: 'cancelled', message: `${endpoint} was cancelled.` });
  }
  if (isAxiosError(error)) {
    const response = error.response;
    if (!response) {
      const code = error.code ?? '';
      const kind: ApiErrorKind = TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
      const reason =
        networkReasonOf(code) ?? (NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code) ? code : error.message);
      return new ApiError({ endpoint, kind, message: describe(kind, endpoint, undefined, reason) });
    }
    const kind = statusKind(response.status);
    const serverMessage = serverMessageOf(response.data);
    return new ApiError({
      endpoint,
      kind,
      status: response.status,
      serverMessage,
      retryAfterSeconds: retryAfterSeconds(response.headers['retry-after']),
      message: describe(kind, endpoint, response.status, serverMessage),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({
    endpoint,
    kind: 'network',
    message: describe('network', endpoint, undefined, message),
  });
}
