import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  MAX_FRAME_BYTES,
  RemoteCommandError,
  requestFrameSchema,
  type RequestFrame,
} from '../../../src-shared/app/index.js';
import {
  createBrowserClient,
  LOST_CONNECTION_MESSAGE,
  forgetAccessToken,
  webSocketUrl,
  type BrowserClient,
  type WebSocketLike,
} from '../../../src-renderer/platform/app-client.browser.js';
import type { ConnectionChange } from '../../../src-renderer/platform/connection.js';
import { waitFor } from '../../helpers/wait.js';

const until = (check: () => boolean, what: string) => waitFor(() => check() || undefined, what, 5_000);

/** A real WebSocket server on a free port that records requests and lets each test answer them. */
async function startServer(onRequest: (frame: RequestFrame, socket: ServerSocket) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sockets = new Set<ServerSocket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => onRequest(requestFrameSchema.parse(JSON.parse(String(data))), socket));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws?token=t`,
    sockets,
    connections: () => server.clients.size,
    dropAll: () => {
      for (const socket of sockets) socket.terminate();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const open: BrowserClient[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

function client(
  url: string,
  extra: Pick<Parameters<typeof createBrowserClient>[0], 'onInvalidFrame' | 'post'> = {},
) {
  const created = createBrowserClient({
    url,
    createSocket: (target) => new WebSocket(target) as unknown as WebSocketLike,
    initialDelayMs: 20,
    maxDelayMs: 100,
    ...extra,
  });
  open.push(created);
  return created;
}

describe('browser AppClient over a real WebSocket', () => {
  it('sends request frames with ids and resolves each with its own response', async () => {
    const server = await startServer((frame, socket) => {
      // Answer out of order: the pending map must pair responses by id.
      setTimeout(
        () =>
          socket.send(
            JSON.stringify({ kind: 'response', id: frame.id, ok: true, result: { echo: frame.name } }),
          ),
        frame.name === 'app.status' ? 30 : 0,
      );
    });
    servers.push(server);
    const app = client(server.url);
    const [status, queue] = await Promise.all([app.send('app.status'), app.send('queue.list')]);
    expect(status).toEqual({ echo: 'app.status' });
    expect(queue).toEqual({ echo: 'queue.list' });
  });

  it('sends a request too large for a frame by POST, and reads its answer or the refusal', async () => {
    const framed: string[] = [];
    const server = await startServer((frame, socket) => {
      framed.push(frame.name);
      socket.send(JSON.stringify({ kind: 'response', id: frame.id, ok: true, result: 'by socket' }));
    });
    servers.push(server);
    const bodies: string[] = [];
    let refuse = false;
    const app = client(server.url, {
      post: async (body) => {
        bodies.push(body);
        if (refuse) return { status: 403, text: 'Open the address printed as UI_READY.' };
        const { id } = JSON.parse(body) as { id: number };
        return { status: 200, text: JSON.stringify({ kind: 'response', id, ok: true, result: 'by post' }) };
      },
    });
    const xml = `<Annotations>${'x'.repeat(MAX_FRAME_BYTES)}</Annotations>`;
    const args = { imageUniqueId: 'u1', fileName: 'big.xml', xml };
    expect(await app.send('annotations.import', args)).toBe('by post');
    expect(await app.send('app.status')).toBe('by socket');
    expect(framed).toEqual(['app.status']);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ kind: 'request', name: 'annotations.import', args });
    refuse = true;
    await expect(app.send('annotations.import', args)).rejects.toThrow(
      'The uploader refused the request: Open the address printed as UI_READY.',
    );
  });

  it('rejects with RemoteCommandError carrying the server words and code', async () => {
    const server = await startServer((frame, socket) =>
      socket.send(
        JSON.stringify({
          kind: 'response',
          id: frame.id,
          ok: false,
          error: { code: 'failed', message: 'The server refused the token. Sign in again in Settings.' },
        }),
      ),
    );
    servers.push(server);
    const app = client(server.url);
    const failure = await app.send('queue.list').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RemoteCommandError);
    expect((failure as RemoteCommandError).info).toEqual({
      code: 'failed',
      message: 'The server refused the token. Sign in again in Settings.',
    });
    expect((failure as RemoteCommandError).command).toBe('queue.list');
  });

  it('delivers valid event frames and drops frames that do not match the wire schema', async () => {
    const server = await startServer(() => undefined);
    servers.push(server);
    const invalid: string[] = [];
    const app = client(server.url, { onInvalidFrame: (_raw, reason) => invalid.push(reason) });
    const events: unknown[] = [];
    app.on((event) => events.push(event));
    await until(() => server.sockets.size === 1, 'server.sockets.size === 1');
    const serverSocket = [...server.sockets][0]!;
    serverSocket.send('not json');
    serverSocket.send(JSON.stringify({ kind: 'event', event: { nope: true } }));
    serverSocket.send(JSON.stringify({ kind: 'response', id: 'x', ok: true }));
    serverSocket.send(JSON.stringify({ kind: 'event', event: { type: 'queue-released' } }));
    await until(() => events.length === 1, 'events.length === 1');
    expect(events).toEqual([{ type: 'queue-released' }]);
    expect(invalid).toHaveLength(3);
    expect(invalid[0]).toBe('not JSON');
  });

  it('reconnects after a drop, fails what was in flight, reports the states and sends queued requests later', async () => {
    let answer = false;
    const server = await startServer((frame, socket) => {
      if (answer)
        socket.send(JSON.stringify({ kind: 'response', id: frame.id, ok: true, result: frame.name }));
    });
    servers.push(server);
    const app = client(server.url);
    const changes: ConnectionChange[] = [];
    app.connection.onChange((change) => changes.push(change));
    await until(() => app.connection.current().state === 'open', 'app.connection.current().state === "open"');

    const inFlight = app.send('queue.list').catch((error: unknown) => error);
    await until(() => server.sockets.size === 1, 'server.sockets.size === 1');
    server.dropAll();
    const lost = await inFlight;
    expect(lost).toBeInstanceOf(RemoteCommandError);
    expect((lost as Error).message).toBe(LOST_CONNECTION_MESSAGE);

    answer = true;
    await until(
      () => changes.some((change) => change.state === 'open' && change.reconnected),
      'changes.some((change) => change.state === "open" && change.r',
    );
    expect(changes.map((change) => change.state)).toContain('reconnecting');
    await expect(app.send('watch.list')).resolves.toBe('watch.list');
  });

  it('keeps retrying with backoff while the server is away, then connects', async () => {
    const first = await startServer(() => undefined);
    const url = first.url;
    const port = Number(new URL(url).port);
    await first.close();
    const app = client(url);
    const pendingStatus = app.send('app.status');
    await until(() => app.connection.current().attempt >= 2, 'app.connection.current().attempt >= 2');
    expect(app.connection.current().state).toBe('reconnecting');

    const server = new WebSocketServer({ host: '127.0.0.1', port });
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    server.on('connection', (socket) =>
      socket.on('message', (data) => {
        const frame = requestFrameSchema.parse(JSON.parse(String(data)));
        socket.send(JSON.stringify({ kind: 'response', id: frame.id, ok: true, result: 'ready' }));
      }),
    );
    // A request made while the link was down goes out once it is up.
    await expect(pendingStatus).resolves.toBe('ready');
    expect(app.connection.current()).toMatchObject({ state: 'open', attempt: 0 });
  });

  it('stops on close and rejects new requests', async () => {
    const server = await startServer(() => undefined);
    servers.push(server);
    const app = client(server.url);
    const waiting = app.send('queue.list').catch((error: unknown) => error);
    app.close();
    expect(await waiting).toBeInstanceOf(RemoteCommandError);
    await expect(app.send('queue.list')).rejects.toBeInstanceOf(RemoteCommandError);
  });
});

describe('webSocketUrl', () => {
  it('uses the page host and its token, and wss on https', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a b&x=1' })).toBe(
      'ws://127.0.0.1:5000/ws?token=a%20b',
    );
    expect(webSocketUrl({ protocol: 'https:', host: 'example.org', search: '' })).toBe(
      'wss://example.org/ws',
    );
  });

  it('takes the token out of the address bar, keeping the rest, without a new history entry', () => {
    const calls: string[] = [];
    const history = { replaceState: (_data: unknown, _unused: string, url: string) => calls.push(url) };
    forgetAccessToken({ href: 'http://127.0.0.1:5000/?token=secret&view=images#queue' }, history);
    forgetAccessToken({ href: 'http://127.0.0.1:5000/?view=images' }, history);
    expect(calls).toEqual(['/?view=images#queue']);
  });
});
