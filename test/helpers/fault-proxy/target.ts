/** Where the proxy forwards to: an http origin, optionally with a path prefix. */
export interface Target {
  hostname: string;
  port: number;
  /** Prefix put before every forwarded path ("" for an origin). */
  basePath: string;
}

export function parseTarget(baseUrl: string): Target {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') throw new Error(`The fault proxy forwards to http:// only, not ${baseUrl}`);
  return {
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), // IPv6 literals come bracketed
    port: Number(url.port || 80),
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}
