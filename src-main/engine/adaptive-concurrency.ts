/**
 * How many files to upload at once, adapted to the link: each small file costs a few API round trips (register,
 * upload, confirm) that move no bytes, so on a long link a fixed 4 at a time leaves most of the bandwidth idle. The
 * policy climbs while the queue's acknowledged throughput (bytes of files finished per second) keeps growing, steps
 * back when it fell off, and holds on a plateau; large files keep the configured few streams (one stream, or the
 * multipart parts in flight, already fills a link). A pure function of measurements, so it is tested without
 * timing; {@link ConcurrencyMeter} in the engine feeds it.
 */

export interface ConcurrencyBounds {
  /** The configured files at once: never fewer, and all that large files get. */
  floor: number;
  /** The most small files at once. */
  ceiling: number;
  /** Files smaller than this are "small" (their per-file round trips matter). */
  smallFileBytes: number;
}

/** One measurement window: files that finished in it. */
export interface ThroughputSample {
  /** Bytes of files finished in the window ÷ its length. */
  bytesPerSecond: number;
  /** Mean size of the files finished in the window. */
  meanFileBytes: number;
}

export interface ConcurrencyState {
  capacity: number;
  /** The rate measured at the previous window (undefined: nothing measured at this level yet). */
  lastRate: number | undefined;
  /** The best rate seen and the capacity it was reached with. */
  bestRate: number;
  bestCapacity: number;
  /** Windows in a row without a change. */
  holds: number;
}

/** Growth that counts as growth: above noise (10 %). */
export const GAIN = 0.1;
/** A fall from the best that means "too many" (20 %): back to the best capacity. */
export const DROP = 0.2;
/** Windows on a plateau before trying one step higher again (conditions change: another upload ended…). */
export const PROBE_AFTER = 6;

export function initialConcurrency(bounds: ConcurrencyBounds): ConcurrencyState {
  return { capacity: bounds.floor, lastRate: undefined, bestRate: 0, bestCapacity: bounds.floor, holds: 0 };
}

/** The next step up: half as many again (at least one more), at most the ceiling. */
const stepUp = (capacity: number, ceiling: number): number =>
  Math.min(ceiling, Math.max(capacity + 1, Math.ceil(capacity * 1.5)));

export function nextConcurrency(
  state: ConcurrencyState,
  sample: ThroughputSample,
  bounds: ConcurrencyBounds,
): ConcurrencyState {
  const ceiling = Math.max(bounds.floor, bounds.ceiling);
  // Large files: the configured few streams.
  if (sample.meanFileBytes >= bounds.smallFileBytes) return initialConcurrency(bounds);

  const rate = sample.bytesPerSecond;
  const best =
    rate > state.bestRate
      ? { bestRate: rate, bestCapacity: state.capacity }
      : { bestRate: state.bestRate, bestCapacity: state.bestCapacity };
  const grow = (): ConcurrencyState => ({
    ...best,
    capacity: stepUp(state.capacity, ceiling),
    lastRate: rate,
    holds: 0,
  });

  // First window at this level, or more files at once paid off: more still.
  if (state.lastRate === undefined || rate >= state.lastRate * (1 + GAIN)) {
    return state.capacity < ceiling ? grow() : { ...state, ...best, lastRate: rate, holds: 0 };
  }
  // Worse than the best by more than noise, with more files than the best had: too many (CPU, disk, server).
  if (rate < state.bestRate * (1 - DROP) && state.capacity > state.bestCapacity) {
    // Growing again from there needs a clear gain over the best; until then it holds (and probes now and then).
    return { ...best, capacity: state.bestCapacity, lastRate: best.bestRate, holds: 0 };
  }
  // A plateau: hold, and now and then look one step higher.
  const holds = state.holds + 1;
  if (holds >= PROBE_AFTER && state.capacity < ceiling) return grow();
  return { ...state, ...best, lastRate: rate, holds };
}
