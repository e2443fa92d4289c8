import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const INSTALLER = 'PathomIQ-Uploader-2.0.0-linux-amd64.deb';

/** What electron-builder's generic provider publishes: latest.yml (latest-linux.yml, latest-mac.yml…) + installer. */
export interface Release {
  version: string;
  installer: Buffer;
  /** The sha512 latest.yml claims; by default the installer's real one. */
  sha512?: string | null;
}

export const sha512Of = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

export function latestYml(release: Release): string {
  const sha512 = release.sha512 === undefined ? sha512Of(release.installer) : release.sha512;
  const checksum = sha512 === null ? '' : `    sha512: ${sha512}\n`;
  return (
    `version: ${release.version}\n` +
    `files:\n  - url: ${INSTALLER}\n${checksum}    size: ${release.installer.length}\n` +
    `path: ${INSTALLER}\n` +
    (sha512 === null ? '' : `sha512: ${sha512}\n`) +
    `releaseDate: '2026-12-01T00:00:00.000Z'\n`
  );
}

/** A real HTTP server serving one release, the way a static file host would. */
export async function startUpdateServer(release: Release): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(pathname);
    // The channel file's name depends on the platform electron-updater runs on (latest.yml on Windows).
    const body = /^\/latest(-[a-z0-9-]+)?\.yml$/.test(pathname)
      ? Buffer.from(latestYml(release))
      : pathname === `/${INSTALLER}`
        ? release.installer
        : null;
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
