import type { AddOutcome, AddOutcomeKind, SlideCheck } from '../../../src-shared/app/index.js';
import {
  Badge,
  IconButton,
  CloseIcon,
  baseName,
  formatBytes,
  MiddleEllipsis,
  plural,
  type Tone,
} from '../../ui/index.js';
import { SlidePictures } from '../previews/SlidePicture.js';
import { useAddStore } from './add-store.js';
import { addResultsTitle } from './add-results-title.js';

const OUTCOME: Record<AddOutcomeKind, { label: string; tone: Tone }> = {
  added: { label: 'Added', tone: 'success' },
  resumed: { label: 'Resumed', tone: 'info' },
  'already-uploaded': { label: 'Already uploaded', tone: 'neutral' },
  duplicate: { label: 'Duplicate', tone: 'neutral' },
  rejected: { label: 'Not added', tone: 'warning' },
  error: { label: 'Error', tone: 'danger' },
};

/** "SVS · 98,304 × 65,536 px · 40× · 0.25 µm/px" — what QC found, for a technician to double-check. */
export function describeCheck(check: SlideCheck): string {
  const parts: string[] = [];
  // "Aperio SVS", not "Aperio SVS (Aperio)": the vendor only when the format's name does not say it already.
  const sayVendor =
    check.vendor && check.format && !check.format.toLowerCase().includes(check.vendor.toLowerCase());
  if (check.format) parts.push(sayVendor ? `${check.format} (${check.vendor})` : check.format);
  if (check.members)
    parts.push(
      `${plural(check.members.count, 'file')}, ${formatBytes(check.members.bytes)} — sent as one ZIP`,
    );
  if (check.width && check.height)
    parts.push(`${check.width.toLocaleString('en-US')} × ${check.height.toLocaleString('en-US')} px`);
  if (check.levels) parts.push(plural(check.levels, 'level'));
  if (check.magnification) parts.push(`${check.magnification}×`);
  if (check.mpp) parts.push(`${check.mpp.toFixed(3)} µm/px`);
  return parts.join(' · ');
}

function OutcomeRow({ outcome }: { outcome: AddOutcome }) {
  const look = OUTCOME[outcome.outcome];
  const check = describeCheck(outcome.check);
  return (
    <li className="add-results__item">
      <Badge tone={look.tone}>{look.label}</Badge>
      <div className="add-results__text">
        <MiddleEllipsis className="add-results__name" name={baseName(outcome.path)} detail={outcome.path} />
        <div className="add-results__message">{outcome.message}</div>
        {check && <div className="add-results__check">{check}</div>}
        {outcome.check.kind === 'slide' && (
          <SlidePictures target={{ path: outcome.path }} name={baseName(outcome.path)} />
        )}
        {outcome.check.warnings.map((warning) => (
          <div key={warning} className="add-results__warning">
            ⚠ {warning}
          </div>
        ))}
      </div>
    </li>
  );
}

/** What became of each file handed to the queue: added, skipped as a duplicate, or refused with the reason. */
export function AddResults() {
  const results = useAddStore((state) => state.results);
  const setResults = useAddStore((state) => state.setResults);
  if (!results) return null;
  return (
    <section className="card add-results" aria-labelledby="add-results-title" aria-live="polite">
      <header className="card__header">
        <h2 className="card__title" id="add-results-title">
          {addResultsTitle(results)}
        </h2>
        <IconButton label="Close the results" onClick={() => setResults(null)}>
          <CloseIcon />
        </IconButton>
      </header>
      {results.length > 0 && (
        <ul className="add-results__list">
          {results.slice(0, 500).map((outcome) => (
            <OutcomeRow key={outcome.path} outcome={outcome} />
          ))}
        </ul>
      )}
    </section>
  );
}
