import {
  initialConcurrency,
  nextConcurrency,
  type ConcurrencyBounds,
  type ConcurrencyState,
} from './adaptive-concurrency.js';

/** A window closes after at least this long… */
const MIN_WINDOW_MS = 500;

/**
 * Measures the queue's acknowledged throughput (bytes of files finished) in windows and lets
 * {@link nextConcurrency} decide the files at once after each. A window needs as many finished files as run at
 * once (so one slow file does not decide) and half a second; it starts afresh when the capacity changes, so every
 * window measures one level.
 */
export class ConcurrencyMeter {
  private state: ConcurrencyState;
  private windowStart: number;
  private bytes = 0;
  private files = 0;

  constructor(
    private readonly bounds: () => ConcurrencyBounds,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.state = initialConcurrency(bounds());
    this.windowStart = now();
  }

  /** Files to upload at once now, within the current bounds (settings may have changed). */
  get capacity(): number {
    const { floor, ceiling } = this.bounds();
    return Math.max(floor, Math.min(Math.max(floor, ceiling), this.state.capacity));
  }

  /** A file's bytes were stored and confirmed. */
  fileFinished(bytes: number): void {
    this.bytes += bytes;
    this.files += 1;
    const elapsed = this.now() - this.windowStart;
    if (this.files < this.capacity || elapsed < MIN_WINDOW_MS) return;
    const before = this.state.capacity;
    this.state = nextConcurrency(
      this.state,
      { bytesPerSecond: (this.bytes * 1000) / elapsed, meanFileBytes: this.bytes / this.files },
      this.bounds(),
    );
    this.startWindow();
    if (before !== this.state.capacity) this.onChange?.(this.state.capacity);
  }

  /** Starts over from the floor (settings changed, the queue was idle). */
  reset(): void {
    this.state = initialConcurrency(this.bounds());
    this.startWindow();
  }

  /** Told when the capacity changed (the engine pumps the scheduler). */
  onChange: ((capacity: number) => void) | undefined;

  private startWindow(): void {
    this.windowStart = this.now();
    this.bytes = 0;
    this.files = 0;
  }
}
