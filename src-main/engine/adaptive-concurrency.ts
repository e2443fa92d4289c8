/**
 * How many files to upload at once, adapted to the link: each small file costs a few API round trips (register,
 * upload, confirm) that move no bytes, so on a long link a fixed 4 at a time leaves most of the bandwidth idle. The
 * policy climbs while the queue's acknowledged throughput (bytes of files finished per second) keeps growing by more
 * than noise, and otherwise returns to the fewest files at once that reached the best rate and holds there; large files keep the configured few streams (one stream, or the
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
  // The best level is the fewest files at once that reached the best rate: a higher level takes its place only
  // when it was clearly faster. Measured on a 100 Mbit/s + 40 ms link, 16 files at once moved 15 % less than 8
  // (more flows sharing the link, more requests queueing at the server) — a loss within noise of one window,
  // which a policy that holds wherever growth stopped never undoes.
  const best =
    rate >= state.bestRate * (1 + GAIN)
      ? { bestRate: rate, bestCapacity: state.capacity }
      : { bestRate: Math.max(rate, state.bestRate), bestCapacity: state.bestCapacity };
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
  // More files than the best level without a clear gain (a plateau), or slower (CPU, server, the link shared by
  // more flows): back to the best level. Growing again from there needs a clear gain; until then it holds.
  if (state.capacity > best.bestCapacity) {
    return { ...best, capacity: best.bestCapacity, lastRate: best.bestRate, holds: 0 };
  }
  // At the best level: hold, and now and then look one step higher (conditions change: another upload ended…).
  const holds = state.holds + 1;
  if (holds >= PROBE_AFTER && state.capacity < ceiling) return grow();
  return { ...state, ...best, lastRate: rate, holds };
}
