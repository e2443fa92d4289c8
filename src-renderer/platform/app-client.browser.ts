import {
  MAX_FRAME_BYTES,
  RemoteCommandError,
  serverFrameSchema,
  type AppClient,
  type AppEvent,
  type CommandName,
  type RequestFrame,
  type Send,
} from '../../src-shared/app/index.js';
import type { ConnectionChange, ConnectionSource, ConnectionState } from './connection.js';

/** The parts of a WebSocket we use: the browser's and the `ws` package's both fit (tests pass `ws`). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface BrowserClientOptions {
  url: string;
  createSocket: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Told about frames that do not match the wire schema (they are dropped). */
  onInvalidFrame?: (raw: string, reason: string) => void;
  /**
   * Sends a request too large for a WebSocket frame (the host caps frames at MAX_FRAME_BYTES) by HTTP POST to
   * COMMAND_PATH, resolving with the response body. Without it, every request goes over the socket.
   */
  post?: (body: string) => Promise<{ status: number; text: string }>;
}

export interface BrowserClient extends AppClient {
  connection: ConnectionSource;
  /** Stops reconnecting and fails what is still waiting. */
  close(): void;
}

interface Pending {
  name: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

const OPEN = 1;

export const LOST_CONNECTION_MESSAGE =
  'The connection to the uploader dropped before it answered. Check whether the action happened, then try again.';

/**
 * The AppClient over the browser host's WebSocket. Requests carry ids and wait in a pending map for their
 * response; requests made while the link is down wait in an outbox and go out when it is back. A dropped link is
 * retried with exponential backoff, and every state change is reported so the UI can say "Reconnecting…" and
 * load everything again once it is back.
 */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const listeners = new Set<(event: AppEvent) => void>();
  const connectionListeners = new Set<(change: ConnectionChange) => void>();
  const pending = new Map<number, Pending>();
  const outbox: RequestFrame[] = [];
  /** Requests written to the current socket: only these are lost when it drops (the outbox waits). */
  const inFlight = new Set<number>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let closed = false;
  let everOpened = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let change: ConnectionChange = { state: 'connecting', reconnected: false, attempt: 0 };

  const setState = (state: ConnectionState, reconnected = false) => {
    change = { state, reconnected, attempt };
    for (const listener of connectionListeners) listener(change);
  };

  const fail = (id: number, message: string) => {
    const request = pending.get(id);
    pending.delete(id);
    inFlight.delete(id);
    request?.reject(new RemoteCommandError(request.name, { code: 'failed', message }));
  };

  const handleMessage = (data: unknown) => {
    const raw = typeof data === 'string' ? data : String(data);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      options.onInvalidFrame?.(raw, 'not JSON');
      return;
    }
    const parsed = serverFrameSchema.safeParse(json);
    if (!parsed.success) {
      options.onInvalidFrame?.(raw, parsed.error.message);
      return;
    }
    const frame = parsed.data;
    if (frame.kind === 'event') {
      for (const listener of listeners) listener(frame.event as unknown as AppEvent);
      return;
    }
    const request = pending.get(frame.id);
    if (!request) return;
    pending.delete(frame.id);
    inFlight.delete(frame.id);
    if (frame.ok) request.resolve(frame.result);
    else request.reject(new RemoteCommandError(request.name, frame.error));
  };

  const flush = () => {
    while (socket && socket.readyState === OPEN && outbox.length > 0) {
      const frame = outbox.shift()!;
      inFlight.add(frame.id);
      socket.send(JSON.stringify(frame));
    }
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const delay = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempt, 16));
    attempt += 1;
    setState('reconnecting');
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };

  const connect = () => {
    if (closed) return;
    let current: WebSocketLike;
    try {
      current = options.createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      const reconnected = everOpened;
      everOpened = true;
      attempt = 0;
      setState('open', reconnected);
      flush();
    };
    current.onmessage = (event) => {
      if (socket === current) handleMessage(event.data);
    };
    current.onerror = () => undefined; // "close" follows and does the work.
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      for (const id of [...inFlight]) fail(id, LOST_CONNECTION_MESSAGE);
      scheduleReconnect();
    };
  };

  const send = ((name: CommandName, args?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) {
        reject(new RemoteCommandError(name, { code: 'failed', message: 'The window is closing.' }));
        return;
      }
      const id = nextId++;
      const frame: RequestFrame = { kind: 'request', id, name, args };
      const text = JSON.stringify(frame);
      // A UTF-16 unit is at most 3 bytes of UTF-8: past a third of the cap, the frame may be too large.
      if (options.post && text.length > MAX_FRAME_BYTES / 3) {
        postLarge(options.post, name, text).then(resolve, reject);
        return;
      }
      pending.set(id, { name, resolve, reject });
      outbox.push(frame);
      flush();
    })) as Send;

  /** A large request by POST: the answer is a response frame, or the host's refusal in words. */
  const postLarge = async (
    post: NonNullable<BrowserClientOptions['post']>,
    name: CommandName,
    text: string,
  ): Promise<unknown> => {
    let answer: { status: number; text: string };
    try {
      answer = await post(text);
    } catch {
      throw new RemoteCommandError(name, { code: 'failed', message: LOST_CONNECTION_MESSAGE });
    }
    let parsed: ReturnType<typeof serverFrameSchema.safeParse> | undefined;
    try {
      parsed = serverFrameSchema.safeParse(JSON.parse(answer.text));
    } catch {
      parsed = undefined;
    }
    const frame = parsed?.success ? parsed.data : undefined;
    if (!frame || frame.kind !== 'response') {
      const words = answer.text.trim().slice(0, 300) || `HTTP ${answer.status}`;
      throw new RemoteCommandError(name, {
        code: 'failed',
        message: `The uploader refused the request: ${words}`,
      });
    }
    if (frame.ok) return frame.result;
    throw new RemoteCommandError(name, frame.error);
  };

  connect();

  return {
    send,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connection: {
      current: () => change,
      onChange(listener) {
        connectionListeners.add(listener);
        return () => connectionListeners.delete(listener);
      },
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      outbox.length = 0;
      for (const id of [...pending.keys()]) fail(id, 'The window is closing.');
      const current = socket;
      socket = null;
      current?.close();
    },
  };
}

/**
 * ws://host/ws for the page the UI was served from. The socket presents the page's HttpOnly access cookie; a
 * token still in the page's address goes along too (the first load, before the cookie is known to be set).
 */
export function webSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Takes `token` out of the address bar without a reload or a new history entry. */
export function forgetAccessToken(
  location: { href: string },
  history: { replaceState(data: unknown, unused: string, url: string): void },
): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}
