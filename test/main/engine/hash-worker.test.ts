import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HashWorker } from '../../../src-main/engine/hash-worker.js';

const hex = (algorithm: string, ...chunks: Buffer[]) => {
  const hash = createHash(algorithm);
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
};

describe('HashWorker (hashing off the main thread)', () => {
  const workers: HashWorker[] = [];
  const worker = () => {
    const created = new HashWorker();
    workers.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });

  it('gives the same SHA-256 and MD5 as hashing in place, for interleaved streams', async () => {
    const hashes = worker();
    const a = [randomBytes(1 << 20), randomBytes(333), randomBytes(5 << 20)];
    const b = [randomBytes(70_000), randomBytes(1)];
    const first = hashes.start(['sha256', 'md5']);
    const second = hashes.start(['sha256', 'md5']);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i]) await first.update(a[i]!);
      if (b[i]) await second.update(b[i]!);
    }
    expect(await first.digest()).toEqual([hex('sha256', ...a), hex('md5', ...a)]);
    expect(await second.digest()).toEqual([hex('sha256', ...b), hex('md5', ...b)]);
  });

  it('hashes an empty stream, and a discarded stream does not disturb the next', async () => {
    const hashes = worker();
    expect(await hashes.start(['sha256']).digest()).toEqual([hex('sha256')]);
    const dropped = hashes.start(['sha256']);
    void dropped.update(randomBytes(1000));
    dropped.discard();
    const chunk = randomBytes(4096);
    const kept = hashes.start(['md5']);
    await kept.update(chunk);
    expect(await kept.digest()).toEqual([hex('md5', chunk)]);
  });

  it('makes the sender wait once more than 8 MiB is queued, and lets it go on as the worker catches up', async () => {
    const hashes = worker();
    const stream = hashes.start(['sha256']);
    const chunks = Array.from({ length: 12 }, () => randomBytes(1 << 20));
    const waits = chunks.map((chunk) => stream.update(chunk));
    expect(waits.slice(0, 8).every((wait) => wait === undefined)).toBe(true);
    expect(waits.slice(8).every((wait) => wait instanceof Promise)).toBe(true);
    await Promise.all(waits);
    expect(await stream.digest()).toEqual([hex('sha256', ...chunks)]);
  });

  it('hashes parts in shared buffers that are reused, refilled and outnumber the buffers it remembers', async () => {
    const hashes = worker();
    const stream = hashes.startShared(['sha256']);
    // 3 pooled buffers reused (as the part pool does) and 20 one-off ones: the worker forgets the oldest ids.
    const pooled = Array.from({ length: 3 }, () => Buffer.from(new SharedArrayBuffer(64 * 1024)));
    const given: Buffer[] = [];
    for (let round = 0; round < 40; round++) {
      const target = round % 2 === 0 ? pooled[round % 3]! : Buffer.from(new SharedArrayBuffer(1000 + round));
      const part = target.subarray(0, target.length - (round % 5));
      part.set(randomBytes(part.length));
      given.push(Buffer.from(part)); // what was hashed, copied before the buffer is refilled
      expect(await stream.updatePart(part, 'md5')).toBe(hex('md5', part));
    }
    expect(await stream.digest()).toEqual([hex('sha256', ...given)]);
  });
});
