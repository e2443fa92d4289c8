import net from 'node:net';
import path from 'node:path';
import type WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../src-main/host/browser-host.js';
import { COMMAND_PATH, MAX_FRAME_BYTES } from '../../../src-shared/app/index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { openSocket, recordFrames, writeTinyRenderer } from './host-client.js';
import { createStubService, STUB_STATUS, type StubService } from './stub-service.js';

describe('browser host: the WebSocket', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let host: BrowserHost;
  let service: StubService;
  const warnings: string[] = [];
  const opened: WebSocket[] = [];

  beforeAll(async () => {
    temp = await makeTempDir();
    service = createStubService();
    host = await startBrowserHost({
      stateDir: temp.dir,
      rendererDir: await writeTinyRenderer(path.join(temp.dir, 'renderer')),
      service,
      describeError: (error) => `described: ${error instanceof Error ? error.message : String(error)}`,
      warn: (message) => warnings.push(message),
    });
  });
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await host?.close();
    await temp?.cleanup();
  });

  const socketUrl = (token = host.token) => `ws://127.0.0.1:${host.port}/ws?token=${token}`;
  const connect = async (origin?: string) => {
    const socket = await openSocket(socketUrl(), origin);
    opened.push(socket);
    return { socket, ...recordFrames(socket) };
  };

  it('refuses the upgrade without the token, with a wrong one, or from a foreign origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`)).rejects.toThrow('HTTP 403');
    await expect(openSocket(socketUrl('wrong'))).rejects.toThrow('HTTP 403');
    await expect(openSocket(socketUrl(), 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(openSocket(socketUrl(), `http://127.0.0.1:${host.port + 1}`)).rejects.toThrow('HTTP 403');
  });

  it('closes the connection of a refused upgrade (a client cannot hold it open)', async () => {
    const raw = net.connect(host.port, '127.0.0.1');
    let answer = '';
    raw.on('data', (chunk) => (answer += chunk.toString()));
    raw.write(
      [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${host.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    await new Promise((resolve) => raw.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
  });

  it('accepts the page own origin (127.0.0.1 or localhost) with the token', async () => {
    await connect(`http://127.0.0.1:${host.port}`);
    await connect(`http://localhost:${host.port}`);
  });

  it("accepts the page's HttpOnly cookie instead of the token (the page drops the token from its address)", async () => {
    const ws = `ws://127.0.0.1:${host.port}/ws`;
    const cookie = `pathomiq_ui_${host.port}=${host.token}`;
    opened.push(await openSocket(ws, `http://127.0.0.1:${host.port}`, cookie));
    await expect(openSocket(ws, 'http://evil.example', cookie)).rejects.toThrow('HTTP 403');
    await expect(openSocket(ws, undefined, `pathomiq_ui_${host.port}=wrong`)).rejects.toThrow('HTTP 403');
    await expect(openSocket(ws, undefined, `pathomiq_ui_${host.port + 1}=${host.token}`)).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('caps WebSocket frames at a few MB; a larger request goes by POST with the page cookie, to the same handlers', async () => {
    const { socket } = await connect();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009); // "message too big": the host never holds it

    const posted = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${host.port}${COMMAND_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        // Larger than a frame may be, as an annotation XML is.
        body: JSON.stringify({
          kind: 'request',
          id: 7,
          name: 'app.status',
          padding: 'x'.repeat(MAX_FRAME_BYTES),
        }),
      });
    const cookie = `pathomiq_ui_${host.port}=${host.token}`;
    const answer = await posted({ cookie, origin: `http://127.0.0.1:${host.port}` });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ kind: 'response', id: 7, ok: true, result: STUB_STATUS });
    expect((await posted({})).status).toBe(403);
    expect((await posted({ cookie, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers a request with the handler result', async () => {
    const { socket, response } = await connect();
    socket.send(JSON.stringify({ kind: 'request', id: 1, name: 'app.status' }));
    expect(await response(1)).toEqual({ kind: 'response', id: 1, ok: true, result: STUB_STATUS });
    socket.send(JSON.stringify({ kind: 'request', id: 2, name: 'queue.pause', args: { target: 'all' } }));
    expect(await response(2)).toMatchObject({ id: 2, ok: true });
  });

  it('surfaces argument errors as invalid-args and unknown names as unknown-command', async () => {
    const { socket, response } = await connect();
    socket.send(JSON.stringify({ kind: 'request', id: 3, name: 'images.list', args: { scope: 'everyone' } }));
    expect(await response(3)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    socket.send(JSON.stringify({ kind: 'request', id: 4, name: 'app.selfDestruct' }));
    expect(await response(4)).toMatchObject({
      ok: false,
      error: { code: 'unknown-command', message: 'Unknown command "app.selfDestruct".' },
    });
  });

  it('words handler failures with the given describeError', async () => {
    const { socket, response } = await connect();
    socket.send(JSON.stringify({ kind: 'request', id: 5, name: 'logs.list', args: { imageUniqueId: null } }));
    expect(await response(5)).toEqual({
      kind: 'response',
      id: 5,
      ok: false,
      error: { code: 'failed', message: 'described: server said no' },
    });
  });

  it('ignores frames that are not JSON or have no id, answers broken frames that have one, and keeps going', async () => {
    const { socket, response, frames } = await connect();
    socket.send('{not json');
    socket.send(JSON.stringify({ kind: 'request', name: 'app.status' }));
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send(JSON.stringify({ kind: 'request', id: 6, name: 42 }));
    expect(await response(6)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    socket.send(JSON.stringify({ kind: 'request', id: 7, name: 'app.status' }));
    expect(await response(7)).toMatchObject({ ok: true });
    expect(frames).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/not JSON/);
    expect(warnings.join('\n')).toMatch(/without a request id/);
  });

  it('broadcasts every app event to every connected socket', async () => {
    const first = await connect();
    const second = await connect();
    service.emit({ type: 'settings-changed', settings: {} as never });
    service.emit({ type: 'status-changed', status: STUB_STATUS });
    for (const client of [first, second]) {
      expect((await client.event('settings-changed')).event).toEqual({
        type: 'settings-changed',
        settings: {},
      });
      expect((await client.event('status-changed')).event).toEqual({
        type: 'status-changed',
        status: STUB_STATUS,
      });
    }
  });

  it('on close: closes the sockets, stops listening to the service, leaves an injected service open', async () => {
    const { socket } = await connect();
    const closedCode = new Promise<number>((resolve) => socket.once('close', resolve));
    expect(service.listenerCount).toBe(1);
    await host.close();
    expect(await closedCode).toBe(1001);
    expect(service.listenerCount).toBe(0);
    expect(service.closed).toBe(false);
    await host.close(); // twice is harmless
    await waitFor(
      () =>
        openSocket(socketUrl()).then(
          () => undefined,
          () => true,
        ),
      'the port to stop answering',
    );
  });
});
