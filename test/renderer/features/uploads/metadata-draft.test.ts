import { describe, expect, it } from 'vitest';
import {
  draftFromDefaults,
  parseMetadataDraft,
  sameDefaults,
} from '../../../../src-renderer/features/uploads/metadata-draft.js';

describe('upload metadata form', () => {
  it('round-trips remembered defaults and leaves empty fields out', () => {
    const draft = draftFromDefaults({ patient_id: 12, description: 'Biopsy' });
    expect(draft).toEqual({
      patient_id: '12',
      entity_id: '',
      study: '',
      workarea: '',
      description: 'Biopsy',
    });
    expect(parseMetadataDraft({ ...draft, study: ' 7 ' })).toEqual({
      ok: true,
      metadata: { patient_id: 12, study: 7, description: 'Biopsy' },
    });
  });

  it('names each wrong field in plain words', () => {
    const result = parseMetadataDraft({ ...draftFromDefaults({}), patient_id: 'abc', workarea: '1.5' });
    expect(result).toEqual({
      ok: false,
      errors: {
        patient_id: 'Patient ID must be a whole number (0 or more), like 1204.',
        workarea: 'Work area must be a whole number (0 or more), like 1204.',
      },
    });
  });

  it('knows when the defaults did not change', () => {
    expect(sameDefaults({ patient_id: 1 }, { patient_id: 1 })).toBe(true);
    expect(sameDefaults({ patient_id: 1 }, {})).toBe(false);
    expect(sameDefaults({}, undefined)).toBe(true);
  });
});
