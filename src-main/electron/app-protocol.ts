import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, mimeTypeOf, resolveAppFile } from './app-protocol-paths.js';
import { SECURITY_HEADERS } from './content-security-policy.js';

/**
 * app:// is a standard, secure origin of its own, so the renderer never runs from file:// (where it could read any
 * local file) and gets a real origin for the navigation and sender checks. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer (and nothing else) on app://, every response with the strict CSP. */
export function serveAppProtocol(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, (request) => appResponse(rendererRoot, request.method, request.url));
}

export async function appResponse(rendererRoot: string, method: string, url: string): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method not allowed');
  const file = resolveAppFile(rendererRoot, url);
  if (file === null) return textResponse(404, 'Not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return textResponse(404, 'Not found');
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeOf(file) },
  });
}

const textResponse = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
