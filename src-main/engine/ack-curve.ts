/**
 * The acknowledged-bytes curve of a transfer and the rate it shows: points (upload time, bytes storage confirmed
 * so far), one per acknowledgement, and the least-squares slope through the recent ones. Pure: every method takes
 * the time, so tests drive it with a clock of their own.
 *
 * Why a slope through acknowledgement points and not bytes over a window: storage confirms whole parts (8 MiB by
 * default) or whole POSTs, so the confirmed total is a staircase, and bytes-in-window / window swings by whole
 * parts depending on where the window edge falls. The slope through the steps does not. The moment uploading began
 * is no point of the curve: parts sent together are confirmed together seconds later, and a line from "0 bytes at
 * the start" would read that pipeline filling up as a slow link.
 */

/** How much recent upload time the rate looks at. */
export const WINDOW_MS = 20_000;
/** Acknowledgements this close together are one step (parallel parts finishing together). */
export const MERGE_MS = 300;
/** An estimate needs this much upload time between its oldest and newest point… */
export const MIN_SPAN_MS = 3_000;
/**
 * …and at least this many points (acknowledgements, those close together merged). Parts are confirmed in lumps
 * (the limiter does not share the link evenly between parts in flight): measured against the real sandbox, three
 * points read a 4 MiB/s link as 2.8 MiB/s; five are within a few per cent.
 */
export const MIN_POINTS = 5;
/** A slow link may confirm a part a minute: these newest points stay however old they are. */
const KEEP_POINTS = MIN_POINTS;

interface Point {
  /** Active time (ms) of the last acknowledgement merged into this point. */
  at: number;
  /** Active time of the first one: later ones within {@link MERGE_MS} of it join this point. */
  first: number;
  bytes: number;
}

export class AckCurve {
  private points: Point[] = [];
  private total = 0;

  /** Bytes acknowledged since the curve began. */
  get acknowledged(): number {
    return this.total;
  }

  ack(bytes: number, at: number): void {
    if (bytes <= 0) return;
    this.total += bytes;
    const last = this.points.at(-1);
    if (last && at - last.first <= MERGE_MS) {
      last.at = at;
      last.bytes = this.total;
    } else this.points.push({ at, first: at, bytes: this.total });
    this.prune(at);
  }

  /** Bytes per second over the window, or null while it holds too little to say. */
  speed(at: number): number | null {
    this.prune(at);
    const points = this.points.map((point) => ({ at: point.at, bytes: point.bytes }));
    if (points.length < MIN_POINTS) return null;
    const first = points[0]!;
    const last = points.at(-1)!;
    if (last.at - first.at < MIN_SPAN_MS) return null;
    // No acknowledgement for much longer than usual: the link slowed or stalled, and "now" says so.
    const usualGap = (last.at - first.at) / (points.length - 1);
    if (at - last.at > 2 * usualGap + MERGE_MS) points.push({ at, bytes: this.total });
    const slope = fitSlope(points);
    return slope > 0 ? slope * 1000 : null;
  }

  private prune(at: number): void {
    while (this.points.length > KEEP_POINTS && this.points[0]!.at < at - WINDOW_MS) this.points.shift();
  }
}

/** Least-squares slope of bytes over time (bytes per ms). */
function fitSlope(points: ReadonlyArray<{ at: number; bytes: number }>): number {
  const n = points.length;
  const meanAt = points.reduce((sum, p) => sum + p.at, 0) / n;
  const meanBytes = points.reduce((sum, p) => sum + p.bytes, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.at - meanAt) * (p.bytes - meanBytes);
    variance += (p.at - meanAt) ** 2;
  }
  return variance > 0 ? covariance / variance : 0;
}

/** Milliseconds during which something was uploading: pauses, retry waits and idle time do not count. */
export class ActiveClock {
  private elapsed = 0;
  private since: number | null = null;

  get running(): boolean {
    return this.since !== null;
  }

  set(active: boolean, now: number): void {
    if (active && this.since === null) this.since = now;
    else if (!active && this.since !== null) {
      this.elapsed += Math.max(0, now - this.since);
      this.since = null;
    }
  }

  at(now: number): number {
    return this.elapsed + (this.since === null ? 0 : Math.max(0, now - this.since));
  }
}
