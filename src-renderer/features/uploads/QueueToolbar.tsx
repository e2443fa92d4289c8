import { useMemo } from 'react';
import { useQueueStore } from '../../stores/queue-store.js';
import {
  Button,
  PauseIcon,
  PlayIcon,
  ProgressBar,
  RetryIcon,
  TrashIcon,
  formatBytes,
  formatEta,
  formatPercent,
  formatSpeed,
  plural,
} from '../../ui/index.js';
import { overallProgress, summarizeQueue } from './queue-summary.js';

export type BulkCommand = 'pause' | 'resume' | 'retry' | 'clear';

/** Totals for the whole queue and the actions that apply to all of it. */
export function QueueToolbar({
  onBulk,
  busy,
}: {
  onBulk: (command: BulkCommand) => void;
  busy: BulkCommand | null;
}) {
  const jobs = useQueueStore((state) => state.jobs);
  const totals = useQueueStore((state) => state.totals);
  const summary = useMemo(() => summarizeQueue(jobs), [jobs]);
  const overall = overallProgress(jobs, totals);
  const sending = summary.counts.registering + summary.counts.uploading + summary.counts.finalizing;
  const fraction = overall.total > 0 ? overall.sent / overall.total : 0;

  const parts = [
    sending > 0 && `${sending} uploading`,
    summary.counts.queued > 0 && `${summary.counts.queued} waiting`,
    summary.counts.paused > 0 && `${summary.counts.paused} paused`,
    summary.counts.done > 0 && `${summary.counts.done} done`,
    summary.counts.failed > 0 && `${summary.counts.failed} failed`,
  ].filter(Boolean);

  return (
    <div className="queue-toolbar">
      <div className="queue-toolbar__summary">
        <div className="queue-toolbar__counts" aria-live="polite">
          <strong>{plural(summary.total, 'file')}</strong>
          {parts.length > 0 && <span className="muted"> · {parts.join(' · ')}</span>}
        </div>
        <div className="queue-toolbar__progress">
          <ProgressBar
            value={fraction}
            size="md"
            label="Total upload progress"
            valueText={`${formatPercent(fraction)}, ${formatBytes(overall.sent)} of ${formatBytes(overall.total)}`}
          />
          <span className="queue-toolbar__numbers">
            {formatBytes(overall.sent)} of {formatBytes(overall.total)}
            {overall.speed > 0 && ` · ${formatSpeed(overall.speed)}`}
            {overall.eta !== null && overall.speed > 0 && ` · ${formatEta(overall.eta)}`}
          </span>
        </div>
      </div>
      <div className="queue-toolbar__actions">
        <Button
          size="sm"
          icon={<PauseIcon size={14} />}
          busy={busy === 'pause'}
          disabled={summary.open - summary.counts.paused === 0}
          onClick={() => onBulk('pause')}
        >
          Pause all
        </Button>
        <Button
          size="sm"
          icon={<PlayIcon size={14} />}
          busy={busy === 'resume'}
          disabled={summary.counts.paused === 0}
          onClick={() => onBulk('resume')}
        >
          Resume all
        </Button>
        <Button
          size="sm"
          icon={<RetryIcon size={14} />}
          busy={busy === 'retry'}
          disabled={summary.counts.failed === 0}
          onClick={() => onBulk('retry')}
        >
          Retry failed
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<TrashIcon size={14} />}
          busy={busy === 'clear'}
          disabled={summary.finished === 0}
          onClick={() => onBulk('clear')}
        >
          Clear finished
        </Button>
      </div>
    </div>
  );
}
