import type { WatchFileOutcome } from '../../../src-shared/watcher/index.js';
import type { Tone } from '../../ui/tone.js';

/** Each outcome as the history's badge: words, and a colour that says whether someone should look. */
export const OUTCOME_BADGE: Record<WatchFileOutcome, { label: string; tone: Tone }> = {
  found: { label: 'Found', tone: 'neutral' },
  settling: { label: 'Waiting for files', tone: 'neutral' },
  checked: { label: 'Checked', tone: 'info' },
  queued: { label: 'Queued', tone: 'info' },
  uploaded: { label: 'Uploaded', tone: 'success' },
  moved: { label: 'Moved', tone: 'success' },
  deleted: { label: 'Deleted', tone: 'success' },
  duplicate: { label: 'Duplicate', tone: 'neutral' },
  skipped: { label: 'Skipped', tone: 'warning' },
  held: { label: 'Held', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
};

/** The outcome filter: everything, what needs a look, or one outcome. */
export type HistoryFilter = 'all' | 'problems' | WatchFileOutcome;

export const PROBLEM_OUTCOMES: WatchFileOutcome[] = ['skipped', 'held', 'failed'];

export function outcomesFor(filter: HistoryFilter): WatchFileOutcome[] | undefined {
  if (filter === 'all') return undefined;
  return filter === 'problems' ? PROBLEM_OUTCOMES : [filter];
}

export const HISTORY_FILTER_OPTIONS: Array<{ value: HistoryFilter; label: string }> = [
  { value: 'all', label: 'All outcomes' },
  { value: 'problems', label: 'Skipped or failed' },
  ...(Object.keys(OUTCOME_BADGE) as WatchFileOutcome[]).map((outcome) => ({
    value: outcome,
    label: OUTCOME_BADGE[outcome].label,
  })),
];
