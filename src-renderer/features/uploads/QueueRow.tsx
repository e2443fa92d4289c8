import { memo, type DragEvent } from 'react';
import type { JobProgress, JobView } from '../../../src-shared/engine/index.js';
import {
  ArrowDownIcon,
  ArrowUpIcon,
  CloseIcon,
  EraserIcon,
  GripIcon,
  IconButton,
  PauseIcon,
  PlayIcon,
  RetryIcon,
  formatBytes,
  MiddleEllipsis,
} from '../../ui/index.js';
import { SlidePeek } from '../previews/SlidePeek.js';
import { HeldCell } from './HeldCell.js';
import { StateCells, problemIdOf } from './StateCells.js';
import { jobActions, jobStatusText, patientLabel } from './job-state-text.js';
import { deidChip } from '../../../src-shared/engine/deid-text.js';

export type JobCommand = 'pause' | 'resume' | 'cancel' | 'retry' | 'up' | 'down' | 'sendHere' | 'forget';

export interface QueueRowProps {
  job: JobView;
  progress: JobProgress | undefined;
  now: number;
  /** The server the app uploads to now, named short (destination-text.ts); null when none is set. */
  current: string | null;
  index: number;
  count: number;
  onCommand: (job: JobView, command: JobCommand) => void;
  onDragStart: (jobId: number) => void;
  onDropBefore: (jobId: number) => void;
  dropTarget: boolean;
  /** Whether the full error text is shown under the row. */
  problemOpen: boolean;
  onToggleProblem: (jobId: number) => void;
}

/** One file in the queue: name, size, state, progress and what can be done with it. */
export const QueueRow = memo(function QueueRow({
  job,
  progress,
  now,
  current,
  index,
  count,
  onCommand,
  onDragStart,
  onDropBefore,
  dropTarget,
  problemOpen,
  onToggleProblem,
}: QueueRowProps) {
  const text = jobStatusText(job, progress, now);
  const actions = jobActions(job);
  // A held row looks held whatever state its job was left in on the other server.
  const rowState = actions.sendHere ? 'held' : job.state;
  const name = job.fileName;
  const problemId = problemIdOf(job.id);
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('application/x-pathomiq-job')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  };
  return (
    <div
      className={`queue-row queue-row--${rowState}${dropTarget ? ' queue-row--drop' : ''}`}
      role="row"
      aria-rowindex={index + 1}
      aria-label={`${name}, ${text.label}`}
      data-testid="queue-row"
      data-job-id={job.id}
      onDragOver={onDragOver}
      onDrop={(event) => {
        event.preventDefault();
        onDropBefore(job.id);
      }}
    >
      <span
        className="queue-row__grip"
        role="gridcell"
        draggable
        aria-hidden="true"
        title="Drag to change the order"
        onDragStart={(event) => {
          event.dataTransfer.setData('application/x-pathomiq-job', String(job.id));
          event.dataTransfer.effectAllowed = 'move';
          onDragStart(job.id);
        }}
      >
        <GripIcon size={14} />
      </span>
      <div className="queue-row__file" role="gridcell">
        <SlidePeek target={{ jobId: job.id }} name={name} />
        <div className="queue-row__file-text">
          <MiddleEllipsis className="queue-row__name" name={name} detail={job.sourcePath} />
          <div className="queue-row__meta">
            {/* Whose slide it is stays readable; only the path gives way when the column is narrow. */}
            <span
              className={`queue-row__patient${job.metadata.patient_id == null ? ' queue-row__patient--none' : ''}`}
              data-testid="queue-row-patient"
            >
              {patientLabel(job)}
            </span>
            {job.memberCount !== null ? (
              <span
                className="queue-row__members"
                data-testid="queue-row-members"
                title={`A multi-file slide: its ${job.memberCount} files travel as one uncompressed ZIP`}
              >
                {job.memberCount.toLocaleString('en-US')} files
              </span>
            ) : null}
            {job.deidentified !== undefined ? (
              <span
                className="queue-row__members"
                data-testid="queue-row-deid"
                title={`De-identified on upload: ${job.deidentified}. The file on this computer is not changed.`}
              >
                {deidChip(job.deidentified)}
              </span>
            ) : null}
            <span className="queue-row__path">{job.sourcePath}</span>
          </div>
        </div>
      </div>
      <div className="queue-row__size" role="gridcell">
        {formatBytes(job.size)}
      </div>
      {actions.sendHere ? (
        <HeldCell
          job={job}
          label={text.label}
          current={current}
          onSendHere={() => onCommand(job, 'sendHere')}
        />
      ) : (
        <StateCells
          job={job}
          text={text}
          problemOpen={problemOpen}
          onToggleProblem={() => onToggleProblem(job.id)}
        />
      )}
      <div className="queue-row__actions" role="gridcell">
        {actions.pause && (
          <IconButton label={`Pause ${name}`} onClick={() => onCommand(job, 'pause')}>
            <PauseIcon size={14} />
          </IconButton>
        )}
        {actions.resume && (
          <IconButton label={`Resume ${name}`} onClick={() => onCommand(job, 'resume')}>
            <PlayIcon size={14} />
          </IconButton>
        )}
        {actions.retry && (
          <IconButton label={`Retry ${name}`} onClick={() => onCommand(job, 'retry')}>
            <RetryIcon size={14} />
          </IconButton>
        )}
        {actions.uploadAnyway && (
          <IconButton label={`Upload ${name} anyway`} onClick={() => onCommand(job, 'retry')}>
            <RetryIcon size={14} />
          </IconButton>
        )}
        {actions.forget && (
          <IconButton label={`Forget the upload of ${name}…`} onClick={() => onCommand(job, 'forget')}>
            <EraserIcon size={14} />
          </IconButton>
        )}
        <IconButton label={`Move ${name} up`} disabled={index === 0} onClick={() => onCommand(job, 'up')}>
          <ArrowUpIcon size={14} />
        </IconButton>
        <IconButton
          label={`Move ${name} down`}
          disabled={index >= count - 1}
          onClick={() => onCommand(job, 'down')}
        >
          <ArrowDownIcon size={14} />
        </IconButton>
        {actions.cancel && (
          <IconButton label={`Cancel ${name}`} tone="danger" onClick={() => onCommand(job, 'cancel')}>
            <CloseIcon size={14} />
          </IconButton>
        )}
      </div>
      {text.problem && problemOpen && (
        <div className="queue-row__problem" role="gridcell" id={problemId}>
          {text.problem}
        </div>
      )}
    </div>
  );
});
