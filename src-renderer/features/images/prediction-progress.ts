import type { LogEntry } from '../../../src-shared/api/index.js';

/** How far a running prediction got, as the server's log entries tell it. Either part may be unknown. */
export interface PredictionProgress {
  stage: string | null;
  percent: number | null;
}

const isPredictionEntry = (entry: LogEntry) => /predict/i.test(entry.type);
/** A new run: everything logged before belongs to an earlier run. */
const startsRun = (message: string) => /\b(re)?start(ed|s)?\b/i.test(message);
/** The run ended: whatever stage came before is no longer current. */
const endsRun = (message: string) =>
  /\b(stop|stopped|cancel|cancelled|completed|finished|fail|failed|error)\b/i.test(message);
/** "Loading tiles (25%)", "Grading regions - 60 %", "75%". */
const STAGE_PERCENT = /^(.*?)[\s:–—-]*[([]?\s*(\d{1,3}(?:\.\d+)?)\s*%\s*[)\]]?\s*$/;

/** Oldest first: by id when every entry has one (the API's order is not documented), else as listed. */
function chronological(entries: readonly LogEntry[]): LogEntry[] {
  const ids = entries.map((entry) => entry.id);
  if (ids.every((id) => typeof id === 'number')) {
    return [...entries].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }
  return [...entries];
}

/**
 * The stage and percentage of the current prediction run, from the newest "Prediction" log entry after the run
 * started (the sandbox logs "Loading tiles (25%)"). Null when nothing was reported for this run yet, or the
 * newest entry says it ended — then the panel shows no stage rather than a stale one.
 */
export function predictionProgress(entries: readonly LogEntry[] | null): PredictionProgress | null {
  if (!entries) return null;
  const run = chronological(entries.filter(isPredictionEntry));
  let from = 0;
  run.forEach((entry, index) => {
    if (startsRun(entry.message)) from = index + 1;
  });
  const latest = run.slice(from).at(-1);
  if (!latest || endsRun(latest.message)) return null;
  const message = latest.message.trim();
  const match = STAGE_PERCENT.exec(message);
  if (!match) return message === '' ? null : { stage: message, percent: null };
  const stage = (match[1] ?? '').trim();
  const percent = Math.min(100, Math.max(0, Math.round(Number(match[2]))));
  return { stage: stage === '' ? null : stage, percent };
}

/** "Loading tiles · 25%", "Loading tiles", "25%". */
export function progressText(progress: PredictionProgress): string {
  return [progress.stage, progress.percent === null ? null : `${progress.percent}%`]
    .filter((part) => part !== null)
    .join(' · ');
}
