import type { JobView } from '../../../src-shared/engine/index.js';
import { Badge, ProgressBar } from '../../ui/index.js';
import type { JobStatusText } from './job-state-text.js';

/** The id of a row's technical error text, which its "Details" button controls. */
export const problemIdOf = (jobId: number): string => `queue-problem-${jobId}`;

/** A row's state word, its progress bar and the line under it (speed, countdown, or what went wrong). */
export function StateCells({
  job,
  text,
  problemOpen,
  onToggleProblem,
}: {
  job: JobView;
  text: JobStatusText;
  problemOpen: boolean;
  onToggleProblem: () => void;
}) {
  const name = job.fileName;
  return (
    <>
      <div className="queue-row__state" role="gridcell">
        <Badge tone={text.tone}>{text.label}</Badge>
      </div>
      <div className="queue-row__progress" role="gridcell">
        {text.fraction !== null || job.state === 'registering' || job.state === 'finalizing' ? (
          <ProgressBar
            value={text.fraction}
            label={`Upload of ${name}`}
            valueText={text.label}
            tone={text.tone === 'neutral' ? 'neutral' : text.tone === 'info' ? 'accent' : text.tone}
          />
        ) : null}
        <div className="queue-row__detail-line">
          <div
            className={`queue-row__detail${job.state === 'failed' ? ' queue-row__detail--error' : ''}`}
            title={text.problem ?? undefined}
          >
            {text.detail}
          </div>
          {text.problem && (
            <button
              type="button"
              className="queue-row__more"
              aria-expanded={problemOpen}
              aria-controls={problemIdOf(job.id)}
              aria-label={`${problemOpen ? 'Hide' : 'Show'} the error details for ${name}`}
              onClick={onToggleProblem}
            >
              {problemOpen ? 'Hide details' : 'Details'}
            </button>
          )}
        </div>
      </div>
    </>
  );
}
