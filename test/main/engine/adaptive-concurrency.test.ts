import { describe, expect, it } from 'vitest';
import {
  initialConcurrency,
  nextConcurrency,
  PROBE_AFTER,
  type ConcurrencyBounds,
  type ConcurrencyState,
} from '../../../src-main/engine/adaptive-concurrency.js';
import { ConcurrencyMeter } from '../../../src-main/engine/concurrency-meter.js';

const MiB = 1024 * 1024;
const bounds: ConcurrencyBounds = { floor: 4, ceiling: 32, smallFileBytes: 8 * MiB };
const small = (bytesPerSecond: number) => ({ bytesPerSecond, meanFileBytes: MiB });

/** Feeds the policy a link model: throughput as a function of files at once; returns the capacities it chose. */
function climb(throughputAt: (capacity: number) => number, windows: number): number[] {
  let state = initialConcurrency(bounds);
  const seen: number[] = [];
  for (let index = 0; index < windows; index++) {
    state = nextConcurrency(state, small(throughputAt(state.capacity)), bounds);
    seen.push(state.capacity);
  }
  return seen;
}

describe('adaptive file concurrency (policy)', () => {
  it('starts at the configured files at once', () => {
    expect(initialConcurrency(bounds).capacity).toBe(4);
  });

  it('climbs while small files on a long link keep getting faster, then returns to the level that saturated it', () => {
    // Latency-bound: every 1 MiB file takes a second of round trips; the link carries 12.5 MB/s (~12 files at once).
    const link = (capacity: number) => Math.min(12.5e6, capacity * MiB);
    const seen = climb(link, 6);
    // One step past the saturation (14 → 21 gained nothing): back to 14, and it holds there.
    expect(seen).toEqual([6, 9, 14, 21, 14, 14]);
  });

  it('on a plateau holds the fewest files at once that reached it, and looks higher now and then', () => {
    // Throughput saturates at 9 files at once.
    const link = (capacity: number) => Math.min(capacity, 9) * 1e6;
    const seen = climb(link, 3 + PROBE_AFTER + 2);
    expect(seen.slice(0, 4)).toEqual([6, 9, 14, 9]);
    expect(seen.slice(4, 3 + PROBE_AFTER).every((capacity) => capacity === 9)).toBe(true);
    expect(seen.slice(3 + PROBE_AFTER, 3 + PROBE_AFTER + 2)).toEqual([14, 9]);
  });

  it('does not stay at a level that is slower by less than a clear fall (many flows sharing one link)', () => {
    // Measured shape on 100 Mbit/s + 40 ms: 8 files at once best, 16 about 15 % slower.
    const link = (capacity: number) => (capacity <= 9 ? capacity * 1.2e6 : 9 * 1.2e6 * 0.85);
    const seen = climb(link, 5);
    expect(seen.slice(0, 4)).toEqual([6, 9, 14, 9]);
    expect(seen[4]).toBe(9);
  });

  it('prefers the fewer files at once when more gave only noise', () => {
    // 6 → 9 gains 5 % (noise): back to 6, not held at 9 (each file at once holds memory and a connection).
    const link = (capacity: number) => (capacity <= 6 ? capacity * 1e6 : 6.3e6);
    const seen = climb(link, 4);
    expect(seen.slice(0, 3)).toEqual([6, 9, 6]);
    expect(seen[3]).toBe(6);
  });

  it('steps back to the best level when more files made it slower (CPU or server contention)', () => {
    const link = (capacity: number) => (capacity <= 9 ? capacity * 1e6 : 4e6);
    const seen = climb(link, 4);
    expect(seen.slice(0, 3)).toEqual([6, 9, 14]);
    expect(seen[3]).toBe(9);
  });

  it('after stepping back, holds at the best level instead of climbing straight back into the fall', () => {
    const link = (capacity: number) => (capacity <= 9 ? capacity * 1e6 : 4e6);
    const seen = climb(link, 4 + PROBE_AFTER);
    expect(seen.slice(3, 3 + PROBE_AFTER).every((capacity) => capacity === 9)).toBe(true);
    // …and now and then looks one step higher again (conditions change).
    expect(seen[3 + PROBE_AFTER]).toBe(14);
  });

  it('never exceeds the ceiling', () => {
    const seen = climb((capacity) => capacity * 1e9, 20);
    expect(Math.max(...seen)).toBe(32);
  });

  it('keeps large files at the configured few streams', () => {
    let state: ConcurrencyState = { ...initialConcurrency(bounds), capacity: 21, bestCapacity: 21 };
    state = nextConcurrency(state, { bytesPerSecond: 100e6, meanFileBytes: 1024 * MiB }, bounds);
    expect(state.capacity).toBe(4);
  });

  it('does not adapt when the ceiling is the floor (a fixed number was asked for)', () => {
    const fixed = { ...bounds, ceiling: 4 };
    let state = initialConcurrency(fixed);
    for (let index = 0; index < 5; index++) state = nextConcurrency(state, small((index + 1) * 10e6), fixed);
    expect(state.capacity).toBe(4);
  });
});

describe('the concurrency meter (windows of finished files)', () => {
  it('decides only after a window of as many files as run at once and half a second', () => {
    let now = 0;
    const meter = new ConcurrencyMeter(
      () => bounds,
      () => now,
    );
    const changes: number[] = [];
    meter.onChange = (capacity) => changes.push(capacity);
    for (let file = 0; file < 3; file++) {
      now += 200;
      meter.fileFinished(MiB);
    }
    expect(meter.capacity).toBe(4); // 3 files: not a window yet
    now += 200;
    meter.fileFinished(MiB); // 4 files in 800 ms
    expect(meter.capacity).toBe(6);
    expect(changes).toEqual([6]);
  });

  it('stays within the bounds the settings give now', () => {
    let floor = 4;
    let now = 0;
    const meter = new ConcurrencyMeter(
      () => ({ ...bounds, floor }),
      () => now,
    );
    for (let file = 0; file < 4; file++) {
      now += 200;
      meter.fileFinished(MiB);
    }
    expect(meter.capacity).toBe(6);
    floor = 8;
    expect(meter.capacity).toBe(8);
    meter.reset();
    expect(meter.capacity).toBe(8);
  });
});
