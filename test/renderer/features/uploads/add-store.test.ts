import { beforeEach, describe, expect, it } from 'vitest';
import type { AddOutcome } from '../../../../src-shared/app/index.js';
import { resetAddStore, useAddStore } from '../../../../src-renderer/features/uploads/add-store.js';
import { emptyDraft } from '../../../../src-renderer/features/uploads/metadata-draft.js';

const added: AddOutcome[] = [];
const patient12 = { ...emptyDraft(), patient_id: '12', description: 'Left breast core' };
const store = () => useAddStore.getState();

describe('add slides form state', () => {
  beforeEach(resetAddStore);

  it('starts with every detail empty and the pin off', () => {
    expect(store()).toMatchObject({ draft: emptyDraft(), keep: false, kept: null, staged: [] });
  });

  it('empties the details after each batch unless asked to keep them', () => {
    store().stage(['/slides/a.svs']);
    store().setDraft(patient12);
    store().batchAdded({ patient_id: 12, description: 'Left breast core' }, added);
    expect(store()).toMatchObject({ draft: emptyDraft(), kept: null, staged: [], results: added });
  });

  it('keeps the details for the next batch when pinned, and remembers they were kept', () => {
    store().setKeep(true);
    store().setDraft(patient12);
    store().batchAdded({ patient_id: 12, description: 'Left breast core' }, added);
    expect(store()).toMatchObject({
      draft: patient12,
      keep: true,
      kept: { patient_id: 12, description: 'Left breast core' },
    });
    // Still pinned: the batch after that keeps them too.
    store().batchAdded({ patient_id: 12, description: 'Left breast core' }, added);
    expect(store().draft).toEqual(patient12);
  });

  it('unpinning lets the next batch start empty', () => {
    store().setKeep(true);
    store().setDraft(patient12);
    store().batchAdded({ patient_id: 12 }, added);
    store().setKeep(false);
    store().batchAdded({ patient_id: 12 }, added);
    expect(store()).toMatchObject({ draft: emptyDraft(), kept: null });
  });

  it('clearing empties the fields and forgets where they came from, leaving the pin as chosen', () => {
    store().setKeep(true);
    store().setDraft(patient12);
    store().batchAdded({ patient_id: 12 }, added);
    store().clearDraft();
    expect(store()).toMatchObject({ draft: emptyDraft(), kept: null, keep: true });
  });

  it("clears the last batch's results, errors included, when the next batch begins", () => {
    const refused: AddOutcome = {
      path: '/slides/bad.svs',
      outcome: 'error',
      message: 'bad.svs could not be read.',
      jobId: null,
      check: {
        kind: 'unreadable',
        format: null,
        width: null,
        height: null,
        levels: null,
        vendor: null,
        magnification: null,
        mpp: null,
        members: null,
        warnings: [],
      },
    };
    store().batchAdded({}, [refused]);
    expect(store().results).toEqual([refused]);
    store().stage(['/slides/next.svs']);
    expect(store().results).toBeNull();
  });
});
