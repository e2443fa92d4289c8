import type { EngineEvent, JobView, QueueTotals } from '../../src-shared/engine/index.js';

/**
 * Judges the speed and ETA an upload reported against the truth: the bandwidth limit it ran under, and when it
 * really finished. Reads the CLI's `--json` lines (every engine event, progress ones with their `at`), so the
 * benchmark (`--only s`) and its vitest twin judge the same way — with their own margins.
 */

/** Where in the upload (fraction of the bytes acknowledged) the reported numbers are sampled. */
export const SAMPLE_AT = [0.25, 0.5, 0.75] as const;

export interface SpeedSample {
  /** The fraction of bytes acknowledged it was sampled at (the first progress event past it with an ETA). */
  fraction: number;
  /** Reported speed ÷ the limit. */
  speedRatio: number;
  /** Reported seconds left, and the seconds it really took from then to the last file done. */
  eta: number;
  actual: number;
  /** (reported − actual) ÷ actual. */
  etaError: number;
}

export interface SpeedTruth {
  samples: SpeedSample[];
  /** Fractions at which no progress event had an ETA yet ("estimating…" all the way). */
  missing: number[];
  /** Seconds from the first progress event with bytes under way to the first one with an ETA. */
  estimatingSeconds: number | undefined;
  /** Seconds from the first file uploading to the last one done, and the mean rate over them ÷ the limit. */
  transferSeconds: number;
  meanRatio: number;
}

type Line = Record<string, unknown>;

/** Engine events among parsed `--json` lines. */
function events(lines: readonly Line[]): EngineEvent[] {
  return lines.filter((line) => typeof line['type'] === 'string') as unknown as EngineEvent[];
}

export function judgeSpeedAndEta(lines: readonly Line[], limit: number): SpeedTruth {
  const all = events(lines);
  const progress: QueueTotals[] = all.flatMap((event) => (event.type === 'progress' ? [event.totals] : []));
  const updates: JobView[] = all.flatMap((event) => (event.type === 'job-updated' ? [event.job] : []));
  const firstUploading = Math.min(
    ...updates.filter((job) => job.state === 'uploading').map((job) => job.updatedAt),
  );
  const lastDone = Math.max(...updates.filter((job) => job.state === 'done').map((job) => job.updatedAt));
  if (!Number.isFinite(firstUploading) || !Number.isFinite(lastDone))
    throw new Error('the upload printed no job going from uploading to done');
  const bytes = progress.at(-1)?.bytesTotal ?? 0;
  const transferSeconds = (lastDone - firstUploading) / 1000;

  const samples: SpeedSample[] = [];
  const missing: number[] = [];
  for (const fraction of SAMPLE_AT) {
    const totals = progress.find(
      (t) => t.etaState === 'ready' && t.bytesTotal > 0 && t.bytesDone / t.bytesTotal >= fraction,
    );
    if (!totals || totals.eta === null || totals.speed === null) {
      missing.push(fraction);
      continue;
    }
    const actual = (lastDone - totals.at) / 1000;
    samples.push({
      fraction,
      speedRatio: totals.speed / limit,
      eta: totals.eta,
      actual,
      etaError: (totals.eta - actual) / actual,
    });
  }
  const underWay = progress.find((t) => t.etaState === 'estimating' || t.etaState === 'ready');
  const firstReady = progress.find((t) => t.etaState === 'ready');
  return {
    samples,
    missing,
    estimatingSeconds: underWay && firstReady ? (firstReady.at - underWay.at) / 1000 : undefined,
    transferSeconds,
    meanRatio: bytes / transferSeconds / limit,
  };
}
