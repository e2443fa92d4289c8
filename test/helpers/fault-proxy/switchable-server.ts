import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP server on 127.0.0.1 that can really go away (port closed, connections cut) and come back. */
export class SwitchableServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    // No request timeout: a test double must not invent its own limits on slow uploads or long stalls.
    this.server = http.createServer({ requestTimeout: 0 }, handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on `port` (0 picks a free one) and resolves with the port in use. */
  async start(port: number): Promise<number> {
    if (!this.server.listening) {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(port, '127.0.0.1', () => {
          this.server.off('error', reject);
          resolve();
        });
      });
    }
    return (this.server.address() as AddressInfo).port;
  }

  /** Closes the listening socket (new connections are refused) and destroys every open connection. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
