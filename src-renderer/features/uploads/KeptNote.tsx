import { Button, InfoIcon } from '../../ui/index.js';

/**
 * Says plainly which details were carried over from the last batch, so nobody tags new slides with them unaware;
 * "Clear" empties the form in one step.
 */
export function KeptNote({ summary, onClear }: { summary: string; onClear: () => void }) {
  return (
    <div className="kept-note" role="note" data-testid="kept-note">
      <span className="kept-note__icon" aria-hidden="true">
        <InfoIcon size={16} />
      </span>
      <span className="kept-note__text">
        <strong>Kept from the last batch</strong> — {summary}
      </span>
      <Button size="sm" variant="ghost" aria-label="Clear the kept details" onClick={onClear}>
        Clear
      </Button>
    </div>
  );
}
