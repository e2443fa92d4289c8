import type { JobView } from '../../../src-shared/engine/index.js';
import { Badge, Button, SendIcon, Tooltip } from '../../ui/index.js';
import { heldExplanation } from './destination-text.js';

/**
 * In place of a held row's state and progress: whose job it is (the badge, explained on hover and on focus) and
 * the one thing to do about it here, "Send to … instead". Without a current server there is nowhere to send it.
 */
export function HeldCell({
  job,
  label,
  current,
  onSendHere,
}: {
  job: JobView;
  label: string;
  current: string | null;
  onSendHere: () => void;
}) {
  return (
    <div className="queue-row__held" role="gridcell">
      <Tooltip text={heldExplanation(job, current)}>
        {(trigger) => (
          <span className="queue-row__held-badge" tabIndex={0} data-testid="held-badge" {...trigger}>
            <Badge tone="warning">{label}</Badge>
          </span>
        )}
      </Tooltip>
      {current !== null && (
        <Button
          size="sm"
          icon={<SendIcon size={14} />}
          // The visible words first (speech input users say what they see), then which slide it is.
          aria-label={`Send to ${current} instead: ${job.fileName}`}
          onClick={onSendHere}
        >
          Send to {current} instead
        </Button>
      )}
    </div>
  );
}
