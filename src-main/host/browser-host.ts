import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppService, AppServiceTuning } from '../app/types.js';
import type { Dialect } from '../sandbox/dialects.js';
import {
  accessCookie,
  accessCookieName,
  FORBIDDEN_MESSAGE,
  hostAllowed,
  newAccessToken,
  originAllowed,
  readCookie,
  tokensMatch,
} from './access-guard.js';
import { projectRoot } from './project-root.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { SocketBridge } from './socket-bridge.js';
import { COMMAND_PATH, MAX_FRAME_BYTES, MAX_POSTED_REQUEST_BYTES } from '../../src-shared/app/wire.js';
import type { DescribeError } from '../../src-shared/app/dispatch.js';

export interface BrowserHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  stateDir: string;
  serverOverride?: string;
  /** The built renderer; default dist/renderer of this project. */
  rendererDir?: string;
  /** For the service the host creates: test timing knobs, and example images in a new embedded sandbox. */
  tuning?: AppServiceTuning;
  sandboxDemo?: boolean;
  sandboxDialects?: readonly Dialect[];
  /** A prebuilt service: the caller then starts and closes it; otherwise the host creates, starts and closes one. */
  service?: AppService;
  /** How handler errors are worded; default the app's own `appErrorInfo` (words, kind and technical detail). */
  describeError?: DescribeError;
  /** Messages for the technician (default: stderr); never the token. */
  warn?: (message: string) => void;
}

export interface BrowserHost {
  /** The page address including the token: what UI_READY prints. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** annotations.import carries up to 200 MiB of XML in one frame. */

/**
 * Serves the renderer and the app's handler map (over a WebSocket) to a browser on this machine, on 127.0.0.1
 * only, behind a per-run token.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const rendererDir = path.resolve(options.rendererDir ?? path.join(projectRoot(), 'dist', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new Error(
      `The UI is not built (no ${path.join(rendererDir, 'index.html')}): run npm run build:renderer`,
    );

  const ownsService = options.service === undefined;
  const service = options.service ?? (await createOwnService(options));
  const describeError = options.describeError ?? (await import('./app-module.js')).appErrorInfo;

  const token = newAccessToken();
  let port = 0; // known once listening; no request arrives before
  const bridge = new SocketBridge({ handlers: service.handlers, describeError, warn });

  // forceCloseConnections: a client holding a connection open must not keep the host from stopping.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  // After the WebSocket plugin's own hook, so a refused upgrade's socket is closed after its 403.
  app.addHook('onRequest', async (request, reply) => {
    const denial = checkAccess(request, reply, token, port);
    if (denial) await reply.code(403).type('text/plain; charset=utf-8').send(denial);
  });
  await app.register(fastifyStatic, {
    root: rendererDir,
    cacheControl: false,
    etag: false,
    lastModified: false,
  });
  app.get('/ws', { websocket: true }, (socket) => bridge.attach(socket));
  // A request too large for a WebSocket frame (an annotation XML): the same frame, by POST.
  app.post(COMMAND_PATH, { bodyLimit: MAX_POSTED_REQUEST_BYTES }, async (request, reply) =>
    reply.type('application/json').send(JSON.stringify(await bridge.answerPosted(request.body))),
  );

  const unsubscribe = service.on((event) => bridge.broadcast(event));
  try {
    if (ownsService) await service.start();
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    unsubscribe();
    await app.close().catch(() => undefined);
    if (ownsService) await service.close().catch(() => undefined);
    throw error;
  }
  port = (app.server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      unsubscribe();
      bridge.closeAll();
      await app.close();
      if (ownsService) await service.close();
    })());
  return { url: `http://127.0.0.1:${port}/?token=${token}`, token, port, close };
}

/** Loaded only when needed: a test that injects its own service and wording never loads the engine. */
async function createOwnService(options: BrowserHostOptions): Promise<AppService> {
  const { createBrowserAppService } = await import('./app-module.js');
  const { stateDir, serverOverride, tuning, sandboxDemo, sandboxDialects } = options;
  return createBrowserAppService({ stateDir, serverOverride, tuning, sandboxDemo, sandboxDialects });
}

/** Undefined when the request may pass; otherwise the words of the 403. */
function checkAccess(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  port: number,
): string | undefined {
  const headers = request.raw.headers;
  if (!hostAllowed(headers.host, port))
    return `This host answers only to 127.0.0.1:${port} and localhost:${port}. ${FORBIDDEN_MESSAGE}`;
  const queryToken = new URL(request.raw.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  const cookieToken = readCookie(headers.cookie, accessCookieName(port));
  // A browser names the page a request comes from: one of another site must not ride the cookie (CSRF).
  if (headers.origin !== undefined && !originAllowed(headers.origin, port))
    return `A request from a foreign origin was refused. ${FORBIDDEN_MESSAGE}`;
  // The WebSocket proves itself by the token in its URL (scripts, tests) or by the page's HttpOnly cookie — the
  // page drops the token from its address once loaded, so it is not left in the address bar and history. Its
  // Origin must be ours: a foreign page could otherwise ride the cookie (it is SameSite=Strict as well).
  if (headers.upgrade?.toLowerCase() === 'websocket') {
    if (!originAllowed(headers.origin, port))
      return `WebSocket from a foreign origin refused. ${FORBIDDEN_MESSAGE}`;
    return tokensMatch(token, queryToken) || tokensMatch(token, cookieToken) ? undefined : FORBIDDEN_MESSAGE;
  }
  if (tokensMatch(token, queryToken)) {
    reply.header('set-cookie', accessCookie(port, token));
    return undefined;
  }
  return tokensMatch(token, cookieToken) ? undefined : FORBIDDEN_MESSAGE;
}
