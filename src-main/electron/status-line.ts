import type { QueueHold, QueueTotals } from '../../src-shared/engine/index.js';

/** Files still to be sent: in flight or waiting their turn. */
export function pendingFiles(totals: QueueTotals | null): number {
  if (totals === null) return 0;
  const { counts } = totals;
  return counts.queued + counts.registering + counts.uploading + counts.finalizing;
}

const files = (count: number): string => `${count} ${count === 1 ? 'file' : 'files'}`;

/** The tray's one-line summary, e.g. "Uploading 3 files — 42%". */
export function statusLine(totals: QueueTotals | null, hold: QueueHold | null): string {
  const pending = pendingFiles(totals);
  if (hold !== null && pending > 0) return `On hold (${files(pending)}): ${hold.message}`;
  if (totals !== null && pending > 0) {
    const percent = totals.bytesTotal > 0 ? Math.floor((100 * totals.bytesDone) / totals.bytesTotal) : 0;
    return `Uploading ${files(pending)} — ${Math.min(percent, 100)}%`;
  }
  if (totals !== null && totals.counts.paused > 0) return `Paused — ${files(totals.counts.paused)}`;
  return 'No uploads running';
}

/** The taskbar/dock progress: 0…1 while files are pending, -1 (no bar) when idle. */
export function progressFraction(totals: QueueTotals | null): number {
  if (totals === null || pendingFiles(totals) === 0) return -1;
  if (totals.bytesTotal <= 0) return 0;
  return Math.min(totals.bytesDone / totals.bytesTotal, 1);
}
