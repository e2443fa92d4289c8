import path from 'node:path';

/**
 * Which server a job belongs to, as a stable key: image ids, upload ids and "already uploaded" are only true
 * there. A server is its normalised base URL; the embedded sandbox is its data dir (its port changes every run).
 */
export type Destination = string;

/** `HTTPS://Host:443/api/` and `https://host/api` are one server. */
export function serverDestination(url: string): Destination {
  try {
    const parsed = new URL(url.trim());
    const pathname = parsed.pathname.replace(/\/+$/, '');
    return `${parsed.protocol}//${parsed.host}${pathname}`;
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}

export function sandboxDestination(dataDir: string): Destination {
  return `sandbox:${path.resolve(dataDir)}`;
}

/** For people: the server's address, or "the embedded sandbox (data in …)". */
export function describeDestination(destination: Destination): string {
  return destination.startsWith('sandbox:')
    ? `the embedded sandbox (data in ${destination.slice('sandbox:'.length)})`
    : destination;
}

/** The queue opened with no server set: it can be listed and cleared, but adopts, runs and adds nothing. */
export const NO_DESTINATION: Destination = 'none:';
