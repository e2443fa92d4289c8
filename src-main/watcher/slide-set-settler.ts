import path from 'node:path';
import type { SlideInspection, SlideMember } from '../slides/index.js';

/** Quiet windows a set may stay incomplete, unchanged, before it is skipped with QC's reason. */
const INCOMPLETE_WINDOWS = 5;

export interface SettledSet {
  main: string;
  inspection: Extract<SlideInspection, { kind: 'slide' }> & { members: SlideMember[] };
}

export interface SlideSetSettlerDeps {
  /** Every member unchanged this long (and untouched for it) before the set is queued. */
  stableMs: number;
  inspect: (main: string) => Promise<SlideInspection>;
  /** The set passed QC and has been still for the window: queue it (once per version). */
  onReady: (set: SettledSet) => void;
  /** Still filling: what QC says is missing, for the folder's history. */
  onWaiting: (main: string, reason: string) => void;
  /** Not a slide, or incomplete and unchanged for several windows. */
  onRefused: (main: string, reason: string, kind: 'skipped' | 'failed') => void;
}

interface Pending {
  /** The members' versions at the last look; equal twice a window apart means settled. */
  key: string | undefined;
  /** Incomplete looks in a row with the same reason. */
  quietIncomplete: number;
  reason: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A multi-file slide in a watched folder (a MIRAX folder fills for minutes after its .mrxs appears; a DICOM series
 * arrives file by file) is queued once, when every member QC lists has kept its size and mtime for the whole
 * stability window and none was written during it. Any file of the set seen settling (re)starts the wait.
 */
export class SlideSetSettler {
  private readonly pending = new Map<string, Pending>();
  /** Sets queued, by main file, with the version queued: the same version seen again is not queued twice. */
  private readonly queued = new Map<string, string>();
  private closed = false;

  constructor(private readonly deps: SlideSetSettlerDeps) {}

  /** A file of the set whose main file is `main` appeared, changed or settled. */
  consider(main: string): void {
    if (this.closed) return;
    const known = this.pending.get(main);
    if (known) {
      // Something moved: the set must be still for a whole window from now.
      known.key = undefined;
      return;
    }
    this.pending.set(main, { key: undefined, quietIncomplete: 0, reason: undefined, timer: undefined });
    this.schedule(main, 0);
  }

  get waiting(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private schedule(main: string, delay: number): void {
    const entry = this.pending.get(main);
    if (!entry || this.closed) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.look(main), delay);
  }

  private async look(main: string): Promise<void> {
    const entry = this.pending.get(main);
    if (!entry || this.closed) return;
    const inspection = await this.deps.inspect(main);
    if (this.closed || this.pending.get(main) !== entry) return;
    if (inspection.kind === 'incomplete') return this.stillIncomplete(main, entry, inspection.reason);
    if (inspection.kind !== 'slide' || !inspection.members) {
      this.pending.delete(main);
      const reason =
        inspection.kind === 'slide' ? `${path.basename(main)} is not a multi-file slide.` : inspection.reason;
      return this.deps.onRefused(main, reason, inspection.kind === 'unreadable' ? 'failed' : 'skipped');
    }
    const key = JSON.stringify(
      inspection.members.map((member) => [member.path, member.size, member.mtimeMs]),
    );
    const newest = Math.max(...inspection.members.map((member) => member.mtimeMs));
    const quietFor = Date.now() - newest;
    entry.quietIncomplete = 0;
    if (entry.key !== key || quietFor < this.deps.stableMs) {
      entry.key = key;
      return this.schedule(
        main,
        Math.max(this.deps.stableMs - Math.max(0, quietFor), this.deps.stableMs / 3, 100),
      );
    }
    this.pending.delete(main);
    if (this.queued.get(main) === key) return;
    this.queued.set(main, key);
    this.deps.onReady({ main, inspection: { ...inspection, members: inspection.members } });
  }

  private stillIncomplete(main: string, entry: Pending, reason: string): void {
    entry.key = undefined;
    entry.quietIncomplete = entry.reason === reason ? entry.quietIncomplete + 1 : 1;
    entry.reason = reason;
    if (entry.quietIncomplete >= INCOMPLETE_WINDOWS) {
      this.pending.delete(main);
      return this.deps.onRefused(main, reason, 'skipped');
    }
    if (entry.quietIncomplete === 1) this.deps.onWaiting(main, reason);
    this.schedule(main, this.deps.stableMs);
  }
}
