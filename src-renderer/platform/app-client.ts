import { COMMAND_PATH, type AppClient, type PreloadBridge } from '../../src-shared/app/index.js';
import {
  createBrowserClient,
  forgetAccessToken,
  webSocketUrl,
  type WebSocketLike,
} from './app-client.browser.js';
import { createElectronClient } from './app-client.electron.js';
import { alwaysOpen, type ConnectionSource } from './connection.js';

/** Where this UI runs: inside the Electron window (preload bridge) or in a browser tab (the browser host). */
export type PlatformKind = 'electron' | 'browser';

function preloadBridge(): PreloadBridge | undefined {
  return (window as Window & { pathomiq?: PreloadBridge }).pathomiq;
}

function choose(): { appClient: AppClient; connection: ConnectionSource; kind: PlatformKind } {
  const bridge = preloadBridge();
  if (bridge) return { appClient: createElectronClient(bridge), connection: alwaysOpen, kind: 'electron' };
  const url = webSocketUrl(window.location);
  // The access token has done its work (the host set its HttpOnly cookie, which the socket presents from now on):
  // it is taken out of the address bar so it stays out of history, bookmarks and screenshots.
  forgetAccessToken(window.location, window.history);
  const client = createBrowserClient({
    url,
    // The DOM types its handlers with DOM events; the client only reads `data`, so the narrower view is safe.
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    onInvalidFrame: (_raw, reason) => console.warn('Ignored a malformed message from the uploader:', reason),
    // The page's HttpOnly cookie authorises it, as it does the socket.
    post: async (body) => {
      const response = await fetch(COMMAND_PATH, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      return { status: response.status, text: await response.text() };
    },
  });
  return { appClient: client, connection: client.connection, kind: 'browser' };
}

const chosen = choose();

/** The one way the UI talks to the uploader. */
export const appClient: AppClient = chosen.appClient;
/** Whether it can talk right now (always open in Electron). */
export const connection: ConnectionSource = chosen.connection;
export const platformInfo: { kind: PlatformKind } = { kind: chosen.kind };
