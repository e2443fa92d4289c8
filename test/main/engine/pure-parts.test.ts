import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/index.js';
import { backoffDelay, sleep } from '../../../src-main/engine/backoff.js';
import { BufferPool } from '../../../src-main/engine/buffer-pool.js';
import { classifyFailure, JobFailure } from '../../../src-main/engine/job-failure.js';
import { multipartEtag } from '../../../src-main/engine/multipart-upload.js';
import { choosePartSize, planParts } from '../../../src-main/engine/part-plan.js';
import { policyExpiry, PresignedPosts } from '../../../src-main/engine/presigned-posts.js';
import { parseRate } from '../../../src-main/engine/rate-limiter.js';
import { Semaphore } from '../../../src-main/engine/semaphore.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('part planning', () => {
  it('keeps the preferred size when it fits, within S3 limits, in whole MiB', () => {
    expect(choosePartSize(1 * GiB)).toBe(8 * MiB);
    expect(choosePartSize(1 * GiB, 1 * MiB)).toBe(5 * MiB);
    expect(choosePartSize(1 * GiB, 7.5 * MiB)).toBe(8 * MiB);
  });

  it('raises the part size so huge files stay within 10,000 parts', () => {
    const size = choosePartSize(500 * GiB);
    expect(size % MiB).toBe(0);
    expect(Math.ceil((500 * GiB) / size)).toBeLessThanOrEqual(10_000);
    expect(() => choosePartSize(60 * 1024 * GiB)).toThrow(RangeError);
  });

  it('plans contiguous parts covering the file, 1-based; a 0-byte file is one empty part', () => {
    const parts = planParts(12 * MiB + 1, 5 * MiB);
    expect(parts.map((p) => [p.partNumber, p.offset, p.size])).toEqual([
      [1, 0, 5 * MiB],
      [2, 5 * MiB, 5 * MiB],
      [3, 10 * MiB, 2 * MiB + 1],
    ]);
    expect(planParts(0, 5 * MiB)).toEqual([{ partNumber: 1, offset: 0, size: 0 }]);
  });
});

describe('multipart ETag', () => {
  it('is the MD5 of the binary part MD5s with the part count, as S3 computes it', () => {
    // Two parts whose MD5s are the MD5s of "a" and "b".
    expect(multipartEtag(['0cc175b9c0f1b6a831c399e269772661', '92eb5ffee6ae2fec3ad71c777531578f'])).toMatch(
      /^[0-9a-f]{32}-2$/,
    );
    expect(multipartEtag(['0cc175b9c0f1b6a831c399e269772661'])).not.toBe(
      multipartEtag(['92eb5ffee6ae2fec3ad71c777531578f']),
    );
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter between half and full, and is capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('sleep wakes early when aborted', async () => {
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});

describe('rates', () => {
  it.each([
    ['20M', 20 * MiB],
    ['500K', 500 * 1024],
    ['1.5G', 1.5 * GiB],
    ['1000', 1000],
    ['20MiB/s', 20 * MiB],
    ['8m', 8 * MiB],
  ])('%s = %i bytes/s', (text, bytes) => expect(parseRate(text)).toBe(bytes));

  it('refuses what is not a rate, saying how to write one', () => {
    expect(() => parseRate('fast')).toThrow(/500K, 20M/);
  });
});

describe('semaphore', () => {
  it('grants up to its count, queues the rest, and lets a waiter give up', async () => {
    const slots = new Semaphore(1);
    await slots.acquire();
    let second = false;
    const waiting = slots.acquire().then(() => (second = true));
    const controller = new AbortController();
    const third = slots.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(third).rejects.toThrow('gave up');
    expect(second).toBe(false);
    slots.release();
    await waiting;
    expect(second).toBe(true);
  });
});

describe('buffer pool', () => {
  it('reuses released buffers instead of allocating', () => {
    const pool = new BufferPool(2);
    const first = pool.acquire(1024);
    pool.release(first);
    const again = pool.acquire(512);
    expect(again.buffer).toBe(first.buffer);
    expect(again.length).toBe(512);
  });

  it('keeps as many buffers as were in use at once (32 small files in flight), within its byte cap', () => {
    const pool = new BufferPool(4, 40 * MiB);
    const inFlight = Array.from({ length: 32 }, () => pool.acquire(MiB));
    const firstRound = new Set(inFlight.map((buffer) => buffer.buffer));
    for (const buffer of inFlight) pool.release(buffer);
    expect(pool.idleBytes).toBe(32 * MiB);
    // The next 32 files reuse all 32: nothing new for the garbage collector to find.
    const next = Array.from({ length: 32 }, () => pool.acquire(MiB));
    expect(next.every((buffer) => firstRound.has(buffer.buffer))).toBe(true);
    for (const buffer of next) pool.release(buffer);
    // Then a big slide's parts: the oldest small buffers make room (count and bytes), its part buffers stay.
    const parts = Array.from({ length: 3 }, () => pool.acquire(8 * MiB));
    const partBuffers = new Set(parts.map((buffer) => buffer.buffer));
    for (const buffer of parts) pool.release(buffer);
    expect(pool.idleBytes).toBeLessThanOrEqual(40 * MiB);
    const nextParts = Array.from({ length: 3 }, () => pool.acquire(8 * MiB));
    expect(nextParts.every((buffer) => partBuffers.has(buffer.buffer))).toBe(true);
  });

  it('hands out the smallest free buffer that fits, so a small file does not take a part buffer', () => {
    const pool = new BufferPool(4);
    const part = pool.acquire(8 * MiB);
    const body = pool.acquire(MiB);
    pool.release(part);
    pool.release(body);
    expect(pool.acquire(1000).buffer).toBe(body.buffer);
    expect(pool.acquire(5 * MiB).buffer).toBe(part.buffer);
  });
});

describe('presigned POSTs in memory', () => {
  const policy = (expiration: string) =>
    Buffer.from(JSON.stringify({ expiration, conditions: [] })).toString('base64');

  it('reads the policy expiry; unknown shapes give undefined', () => {
    expect(policyExpiry({ url: 'http://s3/', policy: policy('2030-01-01T00:00:00Z') })).toBe(
      Date.parse('2030-01-01T00:00:00Z'),
    );
    expect(policyExpiry({ url: 'http://s3/', Policy: 'not base64 json' })).toBeUndefined();
    expect(policyExpiry({ url: 'http://s3/' })).toBeUndefined();
  });

  it('hands back a valid POST and drops an expired one', () => {
    const posts = new PresignedPosts();
    posts.remember('fresh', {
      url: 'http://s3/',
      policy: policy(new Date(Date.now() + 3600_000).toISOString()),
    });
    posts.remember('stale', { url: 'http://s3/', policy: policy(new Date(Date.now() - 1000).toISOString()) });
    expect(posts.recall('fresh')).toBeDefined();
    expect(posts.recall('stale')).toBeUndefined();
    expect(posts.recall(null)).toBeUndefined();
  });
});

describe('failure classification', () => {
  const apiError = (kind: ApiError['kind'], status?: number) =>
    new ApiError({ endpoint: 'X', kind, status, message: 'm' });

  it('decides retry, hold, restart or fail', () => {
    expect(classifyFailure(apiError('network')).action).toBe('retry');
    expect(classifyFailure(apiError('server', 503)).action).toBe('retry');
    expect(classifyFailure(apiError('unauthorized', 401)).action).toBe('hold-queue');
    expect(classifyFailure(apiError('rejected', 400)).action).toBe('fail');
    expect(classifyFailure(new JobFailure('source-changed', 'changed', true)).action).toBe('restart-upload');
    expect(classifyFailure(new JobFailure('stalled', 'slow', true)).action).toBe('retry');
  });

  it('words file-system errors for a technician', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/scans/a.svs'"), {
      code: 'EACCES',
    });
    expect(classifyFailure(denied)).toMatchObject({
      action: 'fail',
      error: { kind: 'source-unreadable', message: expect.stringMatching(/permissions/) },
    });
    const io = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    expect(classifyFailure(io)).toMatchObject({
      action: 'retry',
      error: { kind: 'source-unreadable', message: expect.stringMatching(/network share/) },
    });
  });
});
