import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { serverFrameSchema, type ServerFrame } from '../../../src-shared/app/index.js';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain GET with exactly the headers given (fetch will not let a test forge Host). */
export function httpGet(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
  });
}

/** Opens a socket; resolves it when open, rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, origin?: string, cookie?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      ...(origin === undefined ? {} : { origin }),
      ...(cookie === undefined ? {} : { headers: { cookie } }),
    });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (request, response) => {
      request.destroy(); // with this listener, ws leaves aborting to us
      reject(new Error(`refused with HTTP ${response.statusCode}`));
    });
    socket.once('error', reject);
  });
}

/** Every frame a socket receives, parsed with the wire schema, and a way to wait for one. */
export function recordFrames(socket: WebSocket) {
  const frames: ServerFrame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    frames.push(serverFrameSchema.parse(JSON.parse(String(data))));
    waiters.splice(0).forEach((wake) => wake());
  });
  const next = async <T extends ServerFrame>(match: (frame: ServerFrame) => frame is T, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching frame arrived');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return {
    frames,
    response: (id: number) =>
      next(
        (frame): frame is Extract<ServerFrame, { kind: 'response' }> =>
          frame.kind === 'response' && frame.id === id,
      ),
    event: (type: string) =>
      next(
        (frame): frame is Extract<ServerFrame, { kind: 'event' }> =>
          frame.kind === 'event' && frame.event.type === type,
      ),
  };
}

/** A tiny stand-in for dist/renderer: the page and one asset. */
export async function writeTinyRenderer(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><title>PathomIQ Uploader</title><script type="module" src="./assets/app.js"></script>',
  );
  await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log("app");');
  return dir;
}
