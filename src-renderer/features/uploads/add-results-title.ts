import type { AddOutcome } from '../../../src-shared/app/index.js';
import { plural } from '../../ui/format.js';

/** "4 slides added, 1 skipped (uploaded or queued before), 3 not added": every file handed over is counted. */
export function addResultsTitle(results: readonly Pick<AddOutcome, 'outcome'>[]): string {
  if (results.length === 0) return 'No slides found in what you added';
  const count = (...kinds: AddOutcome['outcome'][]) =>
    results.filter((result) => kinds.includes(result.outcome)).length;
  const added = count('added', 'resumed');
  const skipped = count('already-uploaded', 'duplicate');
  const problems = count('rejected', 'error');
  return [
    `${plural(added, 'slide')} added`,
    ...(skipped ? [`${skipped} skipped (uploaded or queued before)`] : []),
    ...(problems ? [`${plural(problems, 'file')} not added`] : []),
  ].join(', ');
}
