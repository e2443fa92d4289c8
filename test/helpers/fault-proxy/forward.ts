import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endToEndHeaders } from './headers.js';
import type { Target } from './target.js';
import type { ProxyLogEntry } from './types.js';

export interface ForwardOptions {
  target: Target;
  agent: http.Agent;
  /** This request's log entry; its requestBytes and outcome are kept up to date. */
  entry: ProxyLogEntry;
  /** Put before the outcome, e.g. "stalled 500 ms, then ". */
  outcomePrefix?: string;
  /** Destroy both sockets once this many request-body bytes have been forwarded. */
  resetAfterRequestBytes?: number;
  /** Invert the request-body byte at this offset on its way to the target. */
  flipRequestByte?: number;
  /** Forward the whole request, let the target answer, then drop the client without passing the answer on. */
  resetBeforeResponse?: boolean;
}

/**
 * Streams one request to the target and its answer back, both ways with backpressure, never buffering a body.
 * The path and query go byte-for-byte and the Host header unchanged, so SigV4 presigned URLs still verify.
 */
export function forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): void {
  const { entry, target } = options;
  const limit = options.resetAfterRequestBytes;
  const report = (outcome: string): void => {
    entry.outcome = `${options.outcomePrefix ?? ''}${outcome}`;
  };
  // Set once the exchange is decided (answered, reset, failed, or the client left): later events change nothing.
  let settled = false;
  let forwardedBytes = 0;
  let status: number | undefined;

  const upstream = http.request({
    agent: options.agent,
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: `${target.basePath}${req.url ?? '/'}`,
    // An array keeps names, order and duplicates as received; Node then adds no Host of its own.
    headers: endToEndHeaders(req.rawHeaders),
  });

  // A reset, not a polite close: the client sees ECONNRESET, as when a link or load balancer drops mid-upload.
  const resetBoth = (): void => {
    if (settled) return;
    settled = true;
    report(`reset after ${forwardedBytes} request bytes`);
    upstream.destroy();
    req.socket.resetAndDestroy();
  };

  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    const room = limit === undefined ? chunk.length : limit - forwardedBytes;
    let slice = chunk.length > room ? chunk.subarray(0, room) : chunk;
    const flip = options.flipRequestByte;
    if (flip !== undefined && flip >= forwardedBytes && flip < forwardedBytes + slice.length) {
      slice = Buffer.from(slice); // the copy is ours to change
      slice[flip - forwardedBytes] = ~slice[flip - forwardedBytes]! & 0xff;
      options.outcomePrefix = `byte ${flip} flipped, ${options.outcomePrefix ?? ''}`;
    }
    forwardedBytes += slice.length;
    entry.requestBytes = forwardedBytes;
    if (limit !== undefined && forwardedBytes >= limit) {
      // Let the last allowed bytes reach the target before cutting, so it really saw exactly `limit` bytes.
      req.pause();
      if (slice.length === 0) resetBoth();
      else upstream.write(slice, () => resetBoth());
      return;
    }
    if (!upstream.write(slice)) {
      req.pause();
      upstream.once('drain', () => req.resume());
    }
  });
  req.on('end', () => {
    if (settled) return;
    if (limit !== undefined && forwardedBytes >= limit) resetBoth();
    else upstream.end();
  });

  upstream.on('response', (answer) => {
    answer.on('error', () => undefined); // the 'close' below handles a target that drops mid-body
    if (settled) {
      answer.resume();
      return;
    }
    status = answer.statusCode ?? 502;
    if (options.resetBeforeResponse) {
      settled = true;
      report(`reset before response (upstream ${status})`);
      answer.resume(); // drain it so the keep-alive connection to the target can be reused
      req.socket.resetAndDestroy();
      return;
    }
    report(`forwarded ${status}`);
    res.writeHead(status, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
    answer.pipe(res);
    // pipe() does not pass on destruction: a target that dies mid-body must cut the client off too.
    answer.on('close', () => {
      if (!answer.complete && !settled) {
        settled = true;
        report(`forwarded ${status}, target closed mid-response`);
        res.destroy();
      }
    });
  });

  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (settled) return;
    settled = true;
    const reason = error.code ?? error.message;
    if (res.headersSent) {
      report(`forwarded ${status}, target failed mid-response: ${reason}`);
      res.destroy();
      return;
    }
    report(`bad gateway: ${reason}`);
    req.resume(); // discard the rest of the body; the connection closes after the answer anyway
    const body = JSON.stringify({ success: false, msg: `Fault proxy could not reach the target: ${reason}` });
    res
      .writeHead(502, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      })
      .end(body);
  });

  res.on('close', () => {
    if (res.writableFinished) {
      settled = true;
      return;
    }
    if (settled) return;
    settled = true;
    report(status === undefined ? 'client closed' : `forwarded ${status}, client closed mid-response`);
    upstream.destroy();
  });
}
