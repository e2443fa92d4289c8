import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use the browser host: whoever holds the token printed as UI_READY. Anything else on this machine
 * (another user's browser tab, a web page doing DNS rebinding) must not reach the handlers — they upload files and
 * read the user's images.
 */
export const newAccessToken = (): string => randomBytes(32).toString('base64url');

/** Compares in constant time, so the token cannot be guessed byte by byte from response timings. */
export function tokensMatch(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The only names this host answers to; a rebound DNS name pointing at 127.0.0.1 carries its own Host. */
export const allowedHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

export const hostAllowed = (host: string | undefined, port: number): boolean =>
  host !== undefined && allowedHosts(port).includes(host.toLowerCase());

/** Browsers always send Origin on a WebSocket; a page from elsewhere must not open ours. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // not a browser (tests, scripts): the token alone decides
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Per port, so two hosts on one machine (different ports, same cookie jar) do not overwrite each other. */
export const accessCookieName = (port: number): string => `pathomiq_ui_${port}`;

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const accessCookie = (port: number, token: string): string =>
  `${accessCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;

export const FORBIDDEN_MESSAGE = 'Open the address printed as UI_READY (it carries the access token).';
