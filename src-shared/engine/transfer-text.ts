import { formatEta, formatSpeed } from '../units/index.js';
import type { QueueTotals } from './jobs.js';

/**
 * The speed and time left beside the overall bar (app toolbar) and on the CLI's progress line, said the same way
 * in both: "4.6 MiB/s · 12 s left", "estimating…" until the engine's window holds enough acknowledged bytes,
 * "waiting to retry" or "paused" when only such jobs are left, "" when nothing is left.
 */
export function speedAndEtaText(totals: Pick<QueueTotals, 'speed' | 'eta' | 'etaState'>): string {
  switch (totals.etaState) {
    case 'ready':
      return [formatSpeed(totals.speed), formatEta(totals.eta)].filter(Boolean).join(' · ');
    case 'estimating':
      return 'estimating…';
    case 'waiting':
      return 'waiting to retry';
    case 'paused':
      return 'paused';
    case 'idle':
      return '';
  }
}
