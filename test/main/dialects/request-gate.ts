import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy to `target` that holds every request until `open()`. A CLI process pointed at it can
 * start up (the slow part on a loaded machine) ahead of time, and its call lands the moment the gate opens:
 * `predict stop` then reaches a 7.5 s prediction while it runs, whatever the machine's load. Method, path,
 * headers and body pass unchanged.
 */
export interface RequestGate {
  url: string;
  /** Requests that have arrived so far (held while the gate is closed). */
  arrived(): number;
  open(): void;
  close(): Promise<void>;
}

export async function startRequestGate(target: string): Promise<RequestGate> {
  const upstream = new URL(target);
  let isOpen = false;
  let arrived = 0;
  const held: Array<() => void> = [];

  const server = http.createServer((request, response) => {
    arrived += 1;
    const forward = () => {
      const proxied = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      proxied.on('error', () => response.destroy());
      request.pipe(proxied);
    };
    if (isOpen) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arrived: () => arrived,
    open() {
      isOpen = true;
      for (const forward of held.splice(0)) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
