import { describe, expect, it } from 'vitest';
import { addResultsTitle } from '../../../../src-renderer/features/uploads/add-results-title.js';

describe('the add results heading', () => {
  it('counts every file handed over: added, skipped as seen before, and refused', () => {
    const outcomes = [
      'added',
      'added',
      'resumed',
      'duplicate',
      'already-uploaded',
      'rejected',
      'error',
    ] as const;
    expect(addResultsTitle(outcomes.map((outcome) => ({ outcome })))).toBe(
      '3 slides added, 2 skipped (uploaded or queued before), 2 files not added',
    );
  });

  it('leaves out what did not happen, and says when nothing was found', () => {
    expect(addResultsTitle([{ outcome: 'added' }])).toBe('1 slide added');
    expect(addResultsTitle([{ outcome: 'rejected' }])).toBe('0 slides added, 1 file not added');
    expect(addResultsTitle([])).toBe('No slides found in what you added');
  });
});
