import type { TestFiles } from '../lib/test-files.js';

export type ComparisonId = 'a' | 'b' | 'c' | 'd' | 'e' | 'g' | 's' | 'u';
export type Tool = 'curl' | 'rclone';

export interface Table {
  headers: string[];
  rows: string[][];
}

export interface Verdict {
  metric: string;
  measured: string;
  target: string;
  /** null: shown for information, not judged. */
  pass: boolean | null;
}

/** What a comparison found; the harness adds the overall status. */
export interface ComparisonFindings {
  /** How it was measured, one bullet each. */
  method: string[];
  tables: Table[];
  verdicts: Verdict[];
  notes: string[];
}

export interface BenchContext {
  /** Temp folder for sandboxes, state dirs and configs; removed at the end. */
  work: string;
  files: TestFiles;
  /** Runs per side (the median is reported). */
  runs: number;
  quick: boolean;
}

export interface Comparison {
  id: ComparisonId;
  title: string;
  /** Reference tools it cannot run without. */
  needs: Tool[];
  /** Default N at full size; --quick always uses 1. */
  fullRuns: number;
  /** Runs only when asked for with --only (long, or needs what not every machine allows). */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<ComparisonFindings>;
}
