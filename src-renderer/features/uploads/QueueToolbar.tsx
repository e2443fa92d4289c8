import { useQueueStore } from '../../stores/queue-store.js';
import {
  Button,
  PauseIcon,
  PlayIcon,
  ProgressBar,
  RetryIcon,
  Tooltip,
  TrashIcon,
  formatBytes,
  formatPercent,
  plural,
} from '../../ui/index.js';
import { CLEAR_FINISHED_HINT } from './clear-finished-text.js';
import { overallNumbersText, overallProgress, queueCountsText, unlistedText } from './queue-summary.js';
import { useQueueSummary } from './use-queue-summary.js';

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
  // Every job of the list counts from its first page on; those still arriving are said apart (no state yet).
  const listed = useQueueStore((state) => state.order.length);
  const unlisted = useQueueStore((state) => state.unlisted);
  const summary = useQueueSummary();
  const overall = overallProgress(jobs.values(), totals);
  const fraction = overall.bytesTotal > 0 ? overall.bytesDone / overall.bytesTotal : 0;
  const counts = [queueCountsText(summary), unlisted > 0 && unlistedText(unlisted)]
    .filter(Boolean)
    .join(' · ');
  /** Until every job arrived, an action over all of them may apply to one not counted yet. */
  const maybe = unlisted > 0;

  return (
    <div className="queue-toolbar">
      <div className="queue-toolbar__summary">
        <div className="queue-toolbar__counts" aria-live="polite">
          <strong>{plural(listed, 'file')}</strong>
          {counts !== '' && <span className="muted"> · {counts}</span>}
        </div>
        <div className="queue-toolbar__progress">
          <ProgressBar
            value={fraction}
            size="md"
            label="Total upload progress"
            valueText={`${formatPercent(fraction)}, ${formatBytes(overall.bytesDone)} of ${formatBytes(overall.bytesTotal)}`}
          />
          <span className="queue-toolbar__numbers">{overallNumbersText(overall, summary.held)}</span>
        </div>
      </div>
      <div className="queue-toolbar__actions">
        <Button
          size="sm"
          icon={<PauseIcon size={14} />}
          busy={busy === 'pause'}
          disabled={!maybe && summary.open - summary.counts.paused === 0}
          onClick={() => onBulk('pause')}
        >
          Pause all
        </Button>
        <Button
          size="sm"
          icon={<PlayIcon size={14} />}
          busy={busy === 'resume'}
          disabled={!maybe && summary.counts.paused === 0}
          onClick={() => onBulk('resume')}
        >
          Resume all
        </Button>
        <Button
          size="sm"
          icon={<RetryIcon size={14} />}
          busy={busy === 'retry'}
          disabled={!maybe && summary.counts.failed === 0}
          onClick={() => onBulk('retry')}
        >
          Retry failed
        </Button>
        <Tooltip text={CLEAR_FINISHED_HINT}>
          {(trigger) => (
            <Button
              size="sm"
              variant="ghost"
              icon={<TrashIcon size={14} />}
              busy={busy === 'clear'}
              disabled={!maybe && summary.finished === 0}
              onClick={() => onBulk('clear')}
              {...trigger}
            >
              Clear finished
            </Button>
          )}
        </Tooltip>
      </div>
    </div>
  );
}
