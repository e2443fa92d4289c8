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

  it('climbs to the ceiling while small files on a long link keep getting faster', () => {
    // Latency-bound: every 1 MiB file takes a second of round trips; the link carries 12.5 MB/s (~12 files at once).
    const link = (capacity: number) => Math.min(12.5e6, capacity * MiB);
    const seen = climb(link, 6);
    // One step past the saturation (14 → 21 gained 33 %; 21 gained nothing), then it holds.
    expect(seen).toEqual([6, 9, 14, 21, 21, 21]);
  });

  it('stops growing on a plateau and holds there', () => {
    // Throughput saturates at 9 files at once.
    const link = (capacity: number) => Math.min(capacity, 9) * 1e6;
    const seen = climb(link, PROBE_AFTER - 1 + 4);
    expect(seen.slice(0, 3)).toEqual([6, 9, 14]);
    // At 14 nothing more came; it holds (not back: no fall) until it probes again.
    expect(seen.slice(3, 3 + PROBE_AFTER - 2).every((capacity) => capacity === 14)).toBe(true);
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
