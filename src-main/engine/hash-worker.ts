import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Bytes pass to the worker through a ring of slots in shared memory: no copy per chunk left for a GC to find. */
const SLOT_BYTES = 512 * 1024;
const SLOTS = 16;

/**
 * The worker's code, inline (no file to locate from tsx, dist or an Electron utility process): it keeps the
 * hashes of each stream, hashes a slot of the shared ring when told, and hands the slot back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = new Uint8Array(workerData.ring);
const streams = new Map();
const buffers = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'start') streams.set(message.id, message.algorithms.map((name) => createHash(name)));
  else if (message.type === 'update') {
    const bytes = ring.subarray(message.offset, message.offset + message.length);
    for (const hash of streams.get(message.id) ?? []) hash.update(bytes);
    parentPort.postMessage({ type: 'free', slot: message.slot });
  } else if (message.type === 'part') {
    // A part in shared memory (the part's own buffer): hashed where it lies, no copy. Each buffer crosses once
    // (sending a SharedArrayBuffer costs ~0.5 ms); later parts in it name it by id.
    if (message.buffer) buffers.set(message.bufferId, message.buffer);
    if (message.forget !== undefined) buffers.delete(message.forget);
    const bytes = new Uint8Array(buffers.get(message.bufferId), message.offset, message.length);
    for (const hash of streams.get(message.id) ?? []) hash.update(bytes);
    const hex = message.partAlgorithm ? createHash(message.partAlgorithm).update(bytes).digest('hex') : undefined;
    parentPort.postMessage({ type: 'part', seq: message.seq, hex });
  } else if (message.type === 'digest') {
    const hashes = streams.get(message.id) ?? [];
    streams.delete(message.id);
    parentPort.postMessage({ type: 'digest', id: message.id, hex: hashes.map((hash) => hash.digest('hex')) });
  } else if (message.type === 'discard') streams.delete(message.id);
});
`;

type WorkerReply =
  | { type: 'free'; slot: number }
  | { type: 'digest'; id: number; hex: string[] }
  | { type: 'part'; seq: number; hex?: string };

/** One stream of bytes being hashed (on the worker thread, or in place). */
export interface StreamHash {
  /** Hands a chunk to the worker; resolves at once unless every slot of the ring is still waiting to be hashed. */
  update(chunk: Buffer): Promise<void> | undefined;
  /** Hex digests, in the order of the algorithms asked for. */
  digest(): Promise<string[]>;
  discard(): void;
}

/** A stream hashed from buffers in shared memory (part buffers of the pool), in the order they are given. */
export interface SharedStreamHash {
  /**
   * Adds `part` to the stream's hashes without copying it; resolves once the worker is done with the bytes (the
   * buffer may then be reused), with the part's own digest in `partAlgorithm` if one is asked for.
   */
  updatePart(part: Buffer, partAlgorithm?: string): Promise<string | undefined>;
  digest(): Promise<string[]>;
  discard(): void;
}

interface Running {
  worker: Worker;
  ring: Buffer;
  freeSlots: number[];
  /** Streams waiting for a free slot. */
  waiters: Array<() => void>;
  digests: Map<number, { resolve: (hex: string[]) => void; reject: (error: Error) => void }>;
  parts: Map<number, { resolve: (hex: string | undefined) => void; reject: (error: Error) => void }>;
  /** Shared buffers the worker holds, by id, oldest first (the worker keeps the same list, in message order). */
  known: Map<SharedArrayBuffer, number>;
  failed?: Error;
}

/** Shared buffers the worker remembers (the pool keeps a few; one-off buffers fall out of the list). */
const KNOWN_BUFFERS = 16;

/**
 * Hashing moved off the main thread: SHA-256 and MD5 together cost ~2 s per GiB, which on the main thread stands
 * between reading the file and writing it to the socket. One worker serves every upload of the engine; it starts
 * on first use and never keeps the process alive. Memory stays at the ring's 8 MiB however fast the disk is.
 */
export class HashWorker {
  private running: Running | undefined;
  private nextId = 1;
  private nextPart = 1;
  private nextBuffer = 1;

  /**
   * Hashing of buffers that live in a SharedArrayBuffer (the pool's part buffers): the worker reads them in place,
   * so the bytes are read from disk once and copied neither for the hash nor for the socket.
   */
  startShared(algorithms: readonly string[]): SharedStreamHash {
    const running = this.ensureRunning();
    const id = this.nextId++;
    running.worker.postMessage({ type: 'start', id, algorithms });
    return {
      updatePart: (given, partAlgorithm) => {
        if (running.failed) return Promise.reject(running.failed);
        // Pool buffers are shared; any other buffer is copied once into shared memory (never on the hot path).
        const part = given.buffer instanceof SharedArrayBuffer ? given : toShared(given);
        const seq = this.nextPart++;
        const shared = part.buffer as SharedArrayBuffer;
        return new Promise<string | undefined>((resolve, reject) => {
          running.parts.set(seq, { resolve, reject });
          running.worker.postMessage({
            type: 'part',
            id,
            seq,
            ...this.bufferReference(running, shared),
            offset: part.byteOffset,
            length: part.length,
            partAlgorithm,
          });
        });
      },
      digest: async () => {
        if (running.failed) throw running.failed;
        return new Promise<string[]>((resolve, reject) => {
          running.digests.set(id, { resolve, reject });
          running.worker.postMessage({ type: 'digest', id });
        });
      },
      discard: () => running.worker.postMessage({ type: 'discard', id }),
    };
  }

  start(algorithms: readonly string[]): StreamHash {
    const running = this.ensureRunning();
    const id = this.nextId++;
    running.worker.postMessage({ type: 'start', id, algorithms });
    let discarded = false;
    /** The update still waiting for slots; the next one queues behind it, so bytes reach the hash in order. */
    let pending: Promise<void> | undefined;
    const sendAll = async (chunk: Buffer, start: number): Promise<void> => {
      let offset = this.sendUntilFull(running, id, chunk, start);
      while (offset < chunk.length && !discarded) {
        await new Promise<void>((resolve) => running.waiters.push(resolve));
        if (running.failed) throw running.failed;
        offset = this.sendUntilFull(running, id, chunk, offset);
      }
    };
    const track = (next: Promise<void>): Promise<void> => {
      pending = next;
      void next.finally(() => {
        if (pending === next) pending = undefined;
      });
      return next;
    };
    return {
      update: (chunk) => {
        if (pending) return track(pending.then(() => sendAll(chunk, 0)));
        const sent = this.sendUntilFull(running, id, chunk, 0);
        return sent >= chunk.length ? undefined : track(sendAll(chunk, sent));
      },
      digest: async () => {
        await pending;
        return new Promise<string[]>((resolve, reject) => {
          running.digests.set(id, { resolve, reject });
          running.worker.postMessage({ type: 'digest', id });
        });
      },
      discard: () => {
        discarded = true;
        running.worker.postMessage({ type: 'discard', id });
      },
    };
  }

  /** Starts the worker ahead of the first upload (its start-up then overlaps other work). */
  warmUp(): void {
    this.ensureRunning();
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.worker.terminate();
  }

  /** How a part message names its buffer: by id once the worker has it, with the buffer itself the first time. */
  private bufferReference(
    running: Running,
    shared: SharedArrayBuffer,
  ): { bufferId: number; buffer?: SharedArrayBuffer; forget?: number } {
    const known = running.known.get(shared);
    if (known !== undefined) return { bufferId: known };
    const bufferId = this.nextBuffer++;
    running.known.set(shared, bufferId);
    let forget: number | undefined;
    if (running.known.size > KNOWN_BUFFERS) {
      const [oldest, oldestId] = running.known.entries().next().value!;
      running.known.delete(oldest);
      forget = oldestId;
    }
    return { bufferId, buffer: shared, ...(forget !== undefined ? { forget } : {}) };
  }

  /** Copies pieces of the chunk into free slots and posts them; returns how far it got. */
  private sendUntilFull(running: Running, id: number, chunk: Buffer, start: number): number {
    let offset = start;
    while (offset < chunk.length) {
      const slot = running.freeSlots.pop();
      if (slot === undefined) break;
      const length = Math.min(SLOT_BYTES, chunk.length - offset);
      chunk.copy(running.ring, slot * SLOT_BYTES, offset, offset + length);
      running.worker.postMessage({ type: 'update', id, slot, offset: slot * SLOT_BYTES, length });
      offset += length;
    }
    return offset;
  }

  private ensureRunning(): Running {
    if (this.running) return this.running;
    const shared = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ring: shared },
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    const running: Running = {
      worker,
      ring: Buffer.from(shared),
      freeSlots: Array.from({ length: SLOTS }, (_, slot) => slot),
      waiters: [],
      digests: new Map(),
      parts: new Map(),
      known: new Map(),
    };
    worker.on('message', (reply: WorkerReply) => this.onReply(running, reply));
    worker.on('error', (error) => {
      // Only a bug or running out of memory gets here: the hashes in progress fail (their jobs retry) and a
      // fresh worker serves the next upload.
      if (this.running === running) this.running = undefined;
      running.failed = error;
      for (const pending of running.digests.values()) pending.reject(error);
      running.digests.clear();
      for (const pending of running.parts.values()) pending.reject(error);
      running.parts.clear();
      for (const wake of running.waiters.splice(0)) wake();
    });
    this.running = running;
    return running;
  }

  private onReply(running: Running, reply: WorkerReply): void {
    if (reply.type === 'part') {
      const pending = running.parts.get(reply.seq);
      running.parts.delete(reply.seq);
      pending?.resolve(reply.hex);
      return;
    }
    if (reply.type === 'free') {
      running.freeSlots.push(reply.slot);
      // Everyone waiting looks again (a handful of uploads at most); whoever finds the slot taken waits on.
      for (const wake of running.waiters.splice(0)) wake();
      return;
    }
    const pending = running.digests.get(reply.id);
    running.digests.delete(reply.id);
    pending?.resolve(reply.hex);
  }
}

function toShared(bytes: Buffer): Buffer {
  const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(shared);
  return shared;
}

/**
 * The same hashing on the calling thread, for small files: below a few MiB the worker's round trips cost more
 * than the hashing they move away.
 */
export function hashInPlace(algorithms: readonly string[]): StreamHash {
  const hashes = algorithms.map((name) => createHash(name));
  return {
    update: (chunk) => {
      for (const hash of hashes) hash.update(chunk);
      return undefined;
    },
    digest: async () => hashes.map((hash) => hash.digest('hex')),
    discard: () => undefined,
  };
}
