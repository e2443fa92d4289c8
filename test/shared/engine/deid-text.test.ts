import { describe, expect, it } from 'vitest';
import { describePlan } from '../../../src-main/slides/deid/plan.js';
import { deidChip } from '../../../src-shared/engine/deid-text.js';

describe('what a de-identified queue row says', () => {
  it.each([
    [
      { removed: ['label image', 'macro image'], blanked: ['Filename', 'Date'] },
      'label and macro removed, 2 identifying fields blanked',
      'label and macro removed',
    ],
    [
      { removed: ['macro image'], blanked: ['DateTime'] },
      'macro removed, 1 identifying field blanked',
      'macro removed',
    ],
    [{ removed: [], blanked: ['Filename'] }, 'no label found, 1 identifying field blanked', 'de-identified'],
    [{ removed: ['label image'], blanked: [] }, 'label removed', 'label removed'],
    [
      // A MIRAX slide: three pictures, so a comma inside what was removed.
      { removed: ['label', 'macro', 'slide preview'], blanked: ['SLIDE_NAME', 'PROJECT_NAME'] },
      'label, macro and slide preview removed, 2 identifying fields blanked',
      'label, macro and slide preview removed',
    ],
  ])('%j → "%s" → "%s"', (plan, summary, chip) => {
    expect(describePlan(plan)).toBe(summary);
    expect(deidChip(summary)).toBe(chip);
  });
});
