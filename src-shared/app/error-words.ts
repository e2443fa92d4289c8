/**
 * The one place a failure becomes words for people: what happened (to which file or image), one thing to do,
 * and the technical detail (endpoint, HTTP status, the server's text) kept apart for a "Details" disclosure or
 * the command line's --verbose/--json. The UI, the notifications and the CLI all word failures here, so one
 * failure reads the same everywhere. Never given secrets: callers pass details already scrubbed.
 */
export interface PlainError {
  /** What happened, to what: "The server refused CASE-1.svs." */
  message: string;
  /** Exactly one thing to do, matching the buttons offered; empty when there is nothing to do. */
  advice: string;
  /** The technical words (request, status, server text) for whoever helps; null when there are none. */
  detail: string | null;
}

/** What the place showing the failure offers: a Retry button (or `queue retry` on the command line). */
export interface ErrorOffer {
  retry?: boolean;
}

/** Every failure kind the app words: the API client's, the upload engine's, and the commands' own. */
export const ERROR_KINDS = [
  'network',
  'timeout',
  'cancelled',
  'unauthorized',
  'forbidden',
  'not-found',
  'not-ready',
  'conflict',
  'rejected',
  'too-large',
  'rate-limited',
  'server',
  'bad-response',
  'source-missing',
  'source-unreadable',
  'source-changed',
  'source-refused',
  'storage-mismatch',
  'upload-expired',
  'stalled',
  'unsupported',
  'nothing-to-stop',
  'busy',
  'invalid-args',
  'unknown-command',
  'failed',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

interface KindWords {
  /**
   * The sentence: `{it}`/`{It}` stand for the file or image ("CASE-1.svs"), or "it"; `{ for it}` is " for CASE-1.svs",
   * or nothing without one.
   */
  what: string;
  /** The advice when a Retry is offered; null: retrying cannot help, `otherwise` is said either way. */
  retry: string | null;
  /** The advice when no Retry is offered. */
  otherwise: string;
}

const RETRY = 'Press Retry.';

const WORDS: Record<ErrorKind, KindWords> = {
  network: {
    what: 'The server could not be reached{ for it}.',
    retry: 'Check the network, then press Retry.',
    otherwise: 'Check the network and the server address in Settings.',
  },
  timeout: {
    what: 'The server did not answer in time{ for it}.',
    retry: 'Press Retry in a few minutes.',
    otherwise: 'Try again in a few minutes.',
  },
  cancelled: { what: '{It} was cancelled.', retry: null, otherwise: '' },
  unauthorized: {
    what: 'The server did not accept the access token{ for it}.',
    retry: null,
    otherwise: 'Sign in again: enter a new access token in Settings.',
  },
  forbidden: {
    what: 'The server refused access to {it}.',
    retry: null,
    otherwise: 'Ask your PathomIQ administrator for access.',
  },
  'not-found': {
    what: 'The server no longer has {it}.',
    retry: null,
    otherwise: 'Refresh the list; it may have been deleted.',
  },
  'not-ready': {
    what: '{It} is not ready yet: the server has no result for it so far.',
    retry: null,
    otherwise: 'Wait until it is processed (or its prediction completes), then try again.',
  },
  conflict: {
    what: 'The server cannot do that to {it} right now.',
    retry: null,
    otherwise: 'Refresh the list to see its current state.',
  },
  rejected: {
    what: 'The server refused {it}.',
    retry: 'Correct what the server names (for a slide: its patient, study…), then press Retry.',
    otherwise: 'Correct what the server names, then try again.',
  },
  'too-large': {
    what: '{It} is larger than the server accepts.',
    retry: null,
    otherwise: 'Ask your PathomIQ administrator about the size limit.',
  },
  'rate-limited': {
    what: 'The server is busy and turned {it} away for now.',
    retry: 'Press Retry in a minute.',
    otherwise: 'Try again in a minute.',
  },
  server: {
    what: 'The server failed while handling {it}.',
    retry: RETRY,
    otherwise: 'Try again; if it keeps failing, tell your PathomIQ administrator.',
  },
  'bad-response': {
    what: 'The server sent an answer the app does not understand{ for it}.',
    retry: null,
    otherwise: 'Tell your PathomIQ administrator; show them the details.',
  },
  'source-missing': {
    what: '{It} is no longer where it was added from.',
    retry: 'Put the file back, then press Retry.',
    otherwise: 'Put the file back, or add it again from where it is now.',
  },
  'source-unreadable': {
    what: '{It} could not be read.',
    retry: 'Check that the file can be opened, then press Retry.',
    otherwise: 'Check that the file can be opened.',
  },
  'source-changed': {
    what: '{It} changed while it was being sent.',
    retry: 'Press Retry once the scanner has finished writing it.',
    otherwise: 'Add it again once the scanner has finished writing it.',
  },
  'source-refused': {
    what: '{It} failed slide QC just before upload (changed since it was added, or its image data does not decode), so it was not sent.',
    retry: null,
    otherwise: 'Export the slide again from the scanner, then add it.',
  },
  'storage-mismatch': {
    what: 'Storage holds a different copy of {it} than was sent.',
    retry: RETRY,
    otherwise: 'Try again; if it keeps happening, tell your PathomIQ administrator.',
  },
  'upload-expired': {
    what: 'The upload link for {it} expired.',
    retry: RETRY,
    otherwise: 'Try again.',
  },
  stalled: {
    what: 'Sending {it} stalled: no data moved for a minute.',
    retry: 'Check the network, then press Retry.',
    otherwise: 'Check the network, then try again.',
  },
  unsupported: {
    what: 'The server cannot take {it} this way.',
    retry: null,
    otherwise: 'Tell your PathomIQ administrator; show them the details.',
  },
  'nothing-to-stop': {
    what: 'No prediction is running for {it}, so there is nothing to stop.',
    retry: null,
    otherwise: 'Refresh the list to see its current state.',
  },
  busy: {
    what: 'Another uploader runs this queue now, so {it} cannot be changed here.',
    retry: null,
    otherwise: 'Wait for it to finish, or stop it first.',
  },
  'invalid-args': {
    what: 'Some values{ for it} were not accepted.',
    retry: null,
    otherwise: 'Correct the values shown in the details.',
  },
  'unknown-command': {
    what: 'This window and the uploader are different versions.',
    retry: null,
    otherwise: 'Restart the app.',
  },
  failed: {
    what: '{It} did not work.',
    retry: RETRY,
    otherwise: 'Try again; if it happens again, report it with the details.',
  },
};

export const isErrorKind = (kind: string): kind is ErrorKind => Object.hasOwn(WORDS, kind);

/** The engine's older names for a few kinds (kept in queues written before). */
const ALIASES: Readonly<Record<string, ErrorKind>> = {
  auth: 'unauthorized',
  unreadable: 'source-unreadable',
  internal: 'failed',
  unknown: 'failed',
};

/** A kind as recorded anywhere (an ApiError, a job, a command's code) as one the words know. */
export function errorKindOf(kind: string | null | undefined): ErrorKind {
  if (!kind) return 'failed';
  return isErrorKind(kind) ? kind : (ALIASES[kind] ?? 'failed');
}

/** The one piece of advice for a kind, matching what is offered (say Retry only where a Retry button is). */
export function adviceFor(kind: ErrorKind, offer: ErrorOffer = {}): string {
  const words = WORDS[kind];
  return offer.retry && words.retry !== null ? words.retry : words.otherwise;
}

/**
 * Words one failure. `subject` names the file or image ("CASE-1.svs"); without it the sentence says "it".
 * `detail` is the technical text, shown apart.
 */
export function wordError(
  kind: string | null | undefined,
  options: {
    subject?: string | null;
    detail?: string | null;
    offer?: ErrorOffer;
    /** The server's own reason (JSON `msg`, S3 `Message`, an error page's text), already scrubbed. */
    serverSays?: string | null;
  } = {},
): PlainError {
  const known = errorKindOf(kind);
  const subject = options.subject?.trim() ?? '';
  const it = subject || 'it';
  const sentence = WORDS[known].what
    .replace('{ for it}', subject ? ` for ${subject}` : '')
    .replace('{it}', it)
    .replace('{It}', it.charAt(0).toUpperCase() + it.slice(1));
  const reason = SAYS_WHY.has(known) ? serverReason(options.serverSays) : null;
  const message = reason ? `${sentence} The server said: “${reason}”` : sentence;
  const detail = options.detail?.trim() || null;
  return { message, advice: adviceFor(known, options.offer), detail };
}

/**
 * Refusals whose reason only the server knows ("patient_id is required", "Image … does not exist"): its words
 * are part of what happened, so they stay in the sentence; a network or 5xx failure's text is only detail.
 */
const SAYS_WHY: ReadonlySet<ErrorKind> = new Set([
  'forbidden',
  'not-found',
  'not-ready',
  'conflict',
  'rejected',
  'too-large',
  'unsupported',
]);

/** Longest server reason kept in the sentence; the whole text stays in the detail. */
const REASON_CHARS = 200;

function serverReason(text: string | null | undefined): string | null {
  const oneLine = text?.replace(/\s+/g, ' ').trim();
  if (!oneLine) return null;
  return oneLine.length > REASON_CHARS ? `${oneLine.slice(0, REASON_CHARS - 1)}…` : oneLine;
}

/** A failure as one line (a toast body, a log, the command line without --verbose): message, then advice. */
export const errorLine = (plain: PlainError): string =>
  plain.advice ? `${plain.message} ${plain.advice}` : plain.message;
