import net from 'node:net';

/** What the proxy saw before the first byte of a file reached storage. */
export interface FirstByteTimes {
  /** performance.now() when the first body byte of a PUT/POST to the bucket passed, or undefined. */
  firstStorageByte: number | undefined;
  /** Milliseconds the server spent answering API calls finished before then (request sent → answer began). */
  serverMs: number;
}

/**
 * A TCP proxy in front of the sandbox that timestamps the first byte of a file on its way to storage (a request
 * to `/<bucket>/…` with a body), and adds up how long the server took to begin each answer before that: the
 * start-up latency of `upload` is the first, less the second. It reads HTTP/1.1 request heads only as far as
 * needed (Content-Length bodies; keep-alive connections), and forwards every byte unchanged.
 */
export class FirstByteProxy {
  private server = net.createServer((client) => this.accept(client));
  private target: { host: string; port: number } | undefined;
  private times: FirstByteTimes = { firstStorageByte: undefined, serverMs: 0 };

  constructor(private readonly bucket: string) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as net.AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  forwardTo(url: string): void {
    const { hostname, port } = new URL(url);
    this.target = { host: hostname, port: Number(port) };
  }

  /** Starts a new measurement (one `upload` run). */
  reset(): void {
    this.times = { firstStorageByte: undefined, serverMs: 0 };
  }

  result(): FirstByteTimes {
    return { ...this.times };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.target) return void client.destroy();
    const upstream = net.connect(this.target);
    const watcher = new RequestWatcher(this.bucket, this.times);
    client.on('data', (chunk: Buffer) => {
      watcher.onRequestBytes(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      watcher.onAnswerBytes();
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }
}

/** Follows the requests of one connection: head, then a Content-Length body, then the next head. */
class RequestWatcher {
  private head = Buffer.alloc(0);
  private bodyLeft = 0;
  private storage = false;
  private sentAt: number | undefined;
  private lost = false;

  constructor(
    private readonly bucket: string,
    private readonly times: FirstByteTimes,
  ) {}

  onRequestBytes(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && !this.lost) {
      if (this.bodyLeft > 0) {
        if (this.storage && this.times.firstStorageByte === undefined)
          this.times.firstStorageByte = performance.now();
        const taken = Math.min(this.bodyLeft, rest.length);
        this.bodyLeft -= taken;
        rest = rest.subarray(taken);
        if (this.bodyLeft === 0) this.sentAt = performance.now();
        continue;
      }
      this.head = Buffer.concat([this.head, rest]);
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const text = this.head.subarray(0, end).toString('latin1');
      rest = this.head.subarray(end + 4);
      this.head = Buffer.alloc(0);
      const [method = '', target = ''] = text.split(' ', 2);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      // A chunked body cannot be followed here; the first byte is still seen when it is a storage request.
      if (!length && /\r\ntransfer-encoding:\s*chunked/i.test(text)) this.lost = true;
      this.storage = (method === 'PUT' || method === 'POST') && target.startsWith(`/${this.bucket}`);
      this.bodyLeft = length ? Number(length[1]) : 0;
      if (this.lost && this.storage && this.times.firstStorageByte === undefined && rest.length > 0)
        this.times.firstStorageByte = performance.now();
      if (this.bodyLeft === 0) this.sentAt = performance.now();
    }
  }

  onAnswerBytes(): void {
    if (this.sentAt === undefined) return;
    if (this.times.firstStorageByte === undefined) this.times.serverMs += performance.now() - this.sentAt;
    this.sentAt = undefined;
  }
}
