import { Worker } from 'node:worker_threads';

/**
 * The worker's code, inline (no file to locate from tsx, dist or an Electron utility process): it keeps the
 * hashes of each stream and acknowledges every chunk so the sender can bound what is in flight.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'start') streams.set(message.id, message.algorithms.map((name) => createHash(name)));
  else if (message.type === 'update') {
    for (const hash of streams.get(message.id) ?? []) hash.update(message.chunk);
    parentPort.postMessage({ type: 'ack', id: message.id, bytes: message.chunk.byteLength });
  } else if (message.type === 'digest') {
    const hashes = streams.get(message.id) ?? [];
    streams.delete(message.id);
    parentPort.postMessage({ type: 'digest', id: message.id, hex: hashes.map((hash) => hash.digest('hex')) });
  } else if (message.type === 'discard') streams.delete(message.id);
});
`;

type WorkerReply = { type: 'ack'; id: number; bytes: number } | { type: 'digest'; id: number; hex: string[] };

/** At most this many bytes queued for the worker per stream before the sender waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

/** One stream of bytes being hashed on the worker thread. */
export interface OffThreadHash {
  /** Queues a chunk (copied to the worker); resolves at once unless too much is still waiting to be hashed. */
  update(chunk: Buffer): Promise<void> | undefined;
  /** Hex digests, in the order of the algorithms asked for. */
  digest(): Promise<string[]>;
  discard(): void;
}

interface StreamState {
  inFlight: number;
  waiters: Array<() => void>;
  onDigest?: { resolve: (hex: string[]) => void; reject: (error: Error) => void };
}

/**
 * Hashing moved off the main thread: SHA-256 and MD5 together cost ~2 s per GiB, which on the main thread stands
 * between reading the file and writing it to the socket. The worker starts on first use and never keeps the
 * process alive.
 */
export class HashWorker {
  private worker: Worker | undefined;
  private readonly streams = new Map<number, StreamState>();
  private nextId = 1;

  start(algorithms: readonly string[]): OffThreadHash {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const state: StreamState = { inFlight: 0, waiters: [] };
    this.streams.set(id, state);
    worker.postMessage({ type: 'start', id, algorithms });
    return {
      update: (chunk) => {
        state.inFlight += chunk.byteLength;
        worker.postMessage({ type: 'update', id, chunk });
        if (state.inFlight <= MAX_IN_FLIGHT) return undefined;
        return new Promise<void>((resolve) => state.waiters.push(resolve));
      },
      digest: () =>
        new Promise<string[]>((resolve, reject) => {
          state.onDigest = { resolve, reject };
          worker.postMessage({ type: 'digest', id });
        }),
      discard: () => {
        this.streams.delete(id);
        for (const wake of state.waiters.splice(0)) wake();
        worker.postMessage({ type: 'discard', id });
      },
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A small young generation: the chunks it receives are garbage as soon as they are hashed.
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => {
      // Only a bug or running out of memory gets here: the streams in progress fail (their jobs retry) and a
      // fresh worker serves the next one.
      if (this.worker === worker) this.worker = undefined;
      for (const state of this.streams.values()) {
        for (const wake of state.waiters.splice(0)) wake();
        state.onDigest?.reject(error);
      }
      this.streams.clear();
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    const state = this.streams.get(reply.id);
    if (!state) return;
    if (reply.type === 'ack') {
      state.inFlight -= reply.bytes;
      if (state.inFlight <= MAX_IN_FLIGHT) for (const wake of state.waiters.splice(0)) wake();
      return;
    }
    this.streams.delete(reply.id);
    state.onDigest?.resolve(reply.hex);
  }
}
