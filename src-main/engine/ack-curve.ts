/**
 * The acknowledged-bytes curve of a transfer and the rate it shows: points (active time, bytes storage confirmed
 * so far), one per acknowledgement, and a least-squares line through the recent ones. Pure: every method takes
 * the time, so tests drive it with a clock of their own.
 *
 * Why a line through acknowledgement points and not bytes over a window: storage confirms whole parts (8 MiB by
 * default) or whole POSTs, so the confirmed total is a staircase. Bytes-in-window / window swings by a whole part
 * depending on where the window edge falls; the corners of the staircase (the moments parts complete) lie on the
 * true transfer curve, so the slope through them is the rate, and the line at "now" says how far the parts in
 * flight have got on average — the ETA uses that instead of the last corner.
 */

/** How much recent upload time the rate looks at. */
export const WINDOW_MS = 20_000;
/** Acknowledgements this close together are one step (parallel parts finishing together). */
export const MERGE_MS = 300;
/** An estimate needs this much upload time between its oldest and newest point… */
export const MIN_SPAN_MS = 2_000;
/** …and at least this many points (the start counts as one). */
export const MIN_POINTS = 3;
/** A slow link may confirm a part a minute: these newest points stay however old they are. */
const KEEP_POINTS = 4;

interface Point {
  /** Active time (ms) of the last acknowledgement merged into this point. */
  at: number;
  /** Active time of the first one: later ones within {@link MERGE_MS} of it join this point. */
  first: number;
  bytes: number;
}

export interface RateEstimate {
  /** Bytes per second. */
  speed: number;
  /** Bytes the line says have gone beyond the last acknowledgement by now (parts in flight, on average); ≥ 0. */
  ahead: number;
}

export class AckCurve {
  private points: Point[] = [];
  private total = 0;

  /** Bytes acknowledged since the curve began. */
  get acknowledged(): number {
    return this.total;
  }

  /** Marks where upload time begins (the first point), if nothing is on the curve yet. */
  begin(at: number): void {
    if (this.points.length === 0) this.points.push({ at, first: at, bytes: this.total });
  }

  ack(bytes: number, at: number): void {
    if (bytes <= 0) return;
    this.total += bytes;
    const last = this.points.at(-1);
    if (last && at - last.first <= MERGE_MS && this.points.length > 1) {
      last.at = at;
      last.bytes = this.total;
    } else this.points.push({ at, first: at, bytes: this.total });
    this.prune(at);
  }

  /** The rate over the window, or null while it holds too little to say. */
  estimate(at: number): RateEstimate | null {
    this.prune(at);
    const points = this.points.map((point) => ({ at: point.at, bytes: point.bytes }));
    if (points.length < MIN_POINTS) return null;
    const first = points[0]!;
    const last = points.at(-1)!;
    if (last.at - first.at < MIN_SPAN_MS) return null;
    // No acknowledgement for much longer than usual: the link slowed or stalled, and "now" says so.
    const usualGap = (last.at - first.at) / (points.length - 1);
    if (at - last.at > 2 * usualGap + MERGE_MS) points.push({ at, bytes: this.total });
    const line = fitLine(points);
    if (line.slope <= 0) return null;
    const ahead = Math.max(0, line.intercept + line.slope * at - this.total);
    return { speed: line.slope * 1000, ahead };
  }

  private prune(at: number): void {
    while (this.points.length > KEEP_POINTS && this.points[0]!.at < at - WINDOW_MS) this.points.shift();
  }
}

/** Least-squares line bytes = intercept + slope × at. */
function fitLine(points: ReadonlyArray<{ at: number; bytes: number }>): {
  slope: number;
  intercept: number;
} {
  const n = points.length;
  const meanAt = points.reduce((sum, p) => sum + p.at, 0) / n;
  const meanBytes = points.reduce((sum, p) => sum + p.bytes, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.at - meanAt) * (p.bytes - meanBytes);
    variance += (p.at - meanAt) ** 2;
  }
  const slope = variance > 0 ? covariance / variance : 0;
  return { slope, intercept: meanBytes - slope * meanAt };
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
