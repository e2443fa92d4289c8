import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src-main/engine/rate-limiter.js';

const MiB = 1024 * 1024;

describe('the shared rate limiter', () => {
  it('serves transfers in the order they asked: a small POST beside four parts is not starved', async () => {
    const limiter = new RateLimiter(64 * MiB);
    const served: string[] = [];
    const transfer = async (name: string, chunks: number) => {
      for (let index = 0; index < chunks; index++) {
        await limiter.take(MiB);
        served.push(name);
      }
    };
    // Four multipart parts of 16 chunks each ask first; the POST's 4 chunks ask right after.
    await Promise.all([
      ...['part1', 'part2', 'part3', 'part4'].map((name) => transfer(name, 16)),
      transfer('post', 4),
    ]);
    expect(served).toHaveLength(68);
    // Round robin: the POST's last chunk goes in about the 5th round, long before the parts are done.
    expect(served.lastIndexOf('post')).toBeLessThan(30);
  });

  it('lets everyone waiting go when the limit is lifted, and a waiter that gives up leaves the line', async () => {
    const limiter = new RateLimiter(1024);
    await limiter.take(4096); // the bucket is in debt for seconds now
    const givingUp = new AbortController();
    const abandoned = limiter.take(1024, givingUp.signal);
    const waiting = limiter.take(1024);
    givingUp.abort(new Error('paused'));
    await expect(abandoned).rejects.toThrow('paused');
    limiter.setLimit(undefined);
    await waiting; // granted at once, not seconds later
    expect(limiter.limit).toBeUndefined();
  });
});
