import type { AppClient, PreloadBridge } from '../../src-shared/app/index.js';
import { createBrowserClient, webSocketUrl, type WebSocketLike } from './app-client.browser.js';
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
  const client = createBrowserClient({
    url: webSocketUrl(window.location),
    // The DOM types its handlers with DOM events; the client only reads `data`, so the narrower view is safe.
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    onInvalidFrame: (_raw, reason) => console.warn('Ignored a malformed message from the uploader:', reason),
  });
  return { appClient: client, connection: client.connection, kind: 'browser' };
}

const chosen = choose();

/** The one way the UI talks to the uploader. */
export const appClient: AppClient = chosen.appClient;
/** Whether it can talk right now (always open in Electron). */
export const connection: ConnectionSource = chosen.connection;
export const platformInfo: { kind: PlatformKind } = { kind: chosen.kind };
