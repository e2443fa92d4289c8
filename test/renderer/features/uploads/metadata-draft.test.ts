import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  keptSummary,
  parseMetadataDraft,
} from '../../../../src-renderer/features/uploads/metadata-draft.js';

describe('upload metadata form', () => {
  it('starts empty and leaves empty fields out of the metadata', () => {
    expect(emptyDraft()).toEqual({ patient_id: '', entity_id: '', study: '', workarea: '', description: '' });
    expect(parseMetadataDraft(emptyDraft())).toEqual({ ok: true, metadata: {} });
    expect(
      parseMetadataDraft({ ...emptyDraft(), patient_id: '12', study: ' 7 ', description: ' Biopsy ' }),
    ).toEqual({ ok: true, metadata: { patient_id: 12, study: 7, description: 'Biopsy' } });
  });

  it('names each wrong field in plain words', () => {
    const result = parseMetadataDraft({ ...emptyDraft(), patient_id: 'abc', workarea: '1.5' });
    expect(result).toEqual({
      ok: false,
      errors: {
        patient_id: 'Patient ID must be a whole number (0 or more), like 1204.',
        workarea: 'Work area must be a whole number (0 or more), like 1204.',
      },
    });
  });
});

describe('note on details kept from the last batch', () => {
  const kept = { patient_id: 12, study: 5, description: 'Left breast core' };
  const keptDraft = { ...emptyDraft(), patient_id: '12', study: '5', description: 'Left breast core' };

  it('names every kept value the form still holds', () => {
    expect(keptSummary(keptDraft, kept)).toBe('patient 12, study 5, description');
    expect(keptSummary({ ...keptDraft, patient_id: ' 12 ' }, kept)).toBe('patient 12, study 5, description');
  });

  it('drops a value once the user changes it, and says nothing when none is left', () => {
    expect(keptSummary({ ...keptDraft, patient_id: '13' }, kept)).toBe('study 5, description');
    expect(keptSummary(emptyDraft(), kept)).toBeNull();
  });

  it('says nothing when nothing was kept, even if the fields hold the same values', () => {
    expect(keptSummary(keptDraft, null)).toBeNull();
    expect(keptSummary(emptyDraft(), {})).toBeNull();
  });
});
