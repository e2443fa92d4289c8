import net from 'node:net';

export interface DelayProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  /** Where every connection goes on to. */
  target: { host: string; port: number };
  /** Round-trip time added: each chunk waits half of it in each direction. */
  rttMs: number;
  /** The port to listen on (0 = any free one). */
  port?: number;
  /**
   * Bytes waiting in one direction of one connection before the proxy stops reading that side (TCP's window,
   * roughly): well above a 1 Gbit/s × 10 ms one-way bandwidth-delay product, so it never caps the link.
   */
  maxQueuedBytes?: number;
}

interface Queued {
  chunk: Buffer;
  dueAt: number;
}

/**
 * One direction of a connection as a delay line: every chunk read from `from` is written to `to` `delayMs` later,
 * in order. Reading pauses while too much waits (so memory stays bounded) and while `to` is full.
 */
function delayLine(from: net.Socket, to: net.Socket, delayMs: number, notBefore: number, max: number): void {
  const queue: Queued[] = [];
  let queuedBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;

  const flush = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.dueAt <= now) {
      const { chunk } = queue.shift()!;
      queuedBytes -= chunk.length;
      if (!to.destroyed) to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0]!.dueAt - now));
    else if (ended && !to.destroyed) to.end();
    if (queuedBytes < max && !to.writableNeedDrain) from.resume();
  };
  const schedule = (): void => {
    if (timer === undefined && queue.length > 0)
      timer = setTimeout(flush, Math.max(0, queue[0]!.dueAt - performance.now()));
  };

  from.on('data', (chunk: Buffer) => {
    queue.push({ chunk, dueAt: Math.max(performance.now(), notBefore) + delayMs });
    queuedBytes += chunk.length;
    if (queuedBytes >= max) from.pause();
    schedule();
  });
  from.on('end', () => {
    ended = true;
    if (queue.length === 0 && !to.destroyed) to.end();
  });
  to.on('drain', () => {
    if (queuedBytes < max) from.resume();
  });
  // `from` closing does not stop the line: what it sent before is still on its way. Nothing can reach a closed `to`.
  to.on('close', () => clearTimeout(timer));
}

/**
 * A TCP proxy that adds latency, for the shaped-link benchmark: each chunk is forwarded RTT/2 after it arrived, in
 * each direction, in order, and a new connection carries data only one RTT after it was accepted (TCP's
 * handshake). Bandwidth is the kernel's business (tc on the loopback); this only adds the wait a long link has.
 */
export function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const oneWay = options.rttMs / 2;
  const max = options.maxQueuedBytes ?? 16 * 1024 * 1024;
  const sockets = new Set<net.Socket>();
  // Half-open allowed: a side that finished sending still receives what the delay line holds for it.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const acceptedAt = performance.now();
    const upstream = net.connect({ ...options.target, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    const handshakeDone = acceptedAt + options.rttMs;
    delayLine(client, upstream, oneWay, handshakeDone, max);
    delayLine(upstream, client, oneWay, handshakeDone, max);
    // One side failing takes the other with it, as a broken link would; a clean end travels the delay line.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
