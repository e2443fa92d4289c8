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

/** Longest server text kept in a message: a page or stack trace must not flood a notice. */
const MAX_SERVER_TEXT = 300;

const squash = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT - 1)}…` : flat;
};

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  nbsp: ' ',
};

/** The entities error pages use (Werkzeug escapes quotes as &#34;); anything else is left as written. */
const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });

/**
 * An HTML error page (Werkzeug, nginx, a proxy) in one short line: its title, else its first heading, plus its
 * first paragraph when that says more. Never the markup itself.
 */
function htmlPageMessage(html: string): string | undefined {
  const textOf = (tag: string) => {
    const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
    const text = match?.[1] ? squash(decodeEntities(match[1].replace(/<[^>]*>/g, ' '))) : '';
    return text || undefined;
  };
  // "500 Internal Server Error": the status code is said already, beside the page's words.
  const heading = (textOf('title') ?? textOf('h1'))?.replace(/^\d{3}\s+/, '');
  const paragraph = textOf('p');
  const parts = [heading, paragraph].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? squash(parts.join(': ')) : undefined;
}

const looksLikeHtml = (text: string): boolean => /^<(!doctype|html|head|body|title|h1|\?xml)\b/i.test(text);

/**
 * Pulls the human part out of an error body: JSON {msg|message|detail|error|status}, S3's XML <Message>, an HTML
 * page's title, or a plain text body's first line. Always short, never markup.
 */
export function serverMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const xml = /<Message>([\s\S]*?)<\/Message>/.exec(body);
    if (xml?.[1]) return squash(decodeEntities(xml[1]));
    const trimmed = body.trim();
    if (trimmed.startsWith('{')) {
      try {
        return serverMessageOf(JSON.parse(trimmed));
      } catch {
        return undefined;
      }
    }
    if (looksLikeHtml(trimmed)) return htmlPageMessage(trimmed);
    if (trimmed.startsWith('<')) return undefined;
    const firstLine = trimmed.split(/\r?\n/).find((line) => line.trim() !== '');
    return firstLine ? squash(firstLine) : undefined;
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return serverMessageOf(new TextDecoder().decode(body as ArrayBuffer));
  }
  if (body && typeof body === 'object') {
    for (const field of ['msg', 'message', 'detail', 'error', 'status'] as const) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim()) return squash(value);
    }
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

export function retryAfterSeconds(header: unknown): number | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * The technical account of a failed call, for the "Details" a person can open and for logs: the request, what
 * came back and the server's own words. What it means and what to do is worded once, in `error-words.ts`.
 */
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
  return `${endpoint} failed — ${what}${detail}.`;
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
