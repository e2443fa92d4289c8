import type { ImageRow } from '../../../../src-shared/app/results.js';

/** An image row as the sandbox returns it right after an upload; tests override what they care about. */
export function imageRow(overrides: Partial<ImageRow> = {}): ImageRow {
  return {
    id: 1,
    image_unique_id: 'd3171c32ce9448f387319b4e1dc6d292',
    workarea_id: null,
    entity_id: 4,
    study_id: null,
    patient_id: 1,
    filename: 'Test.svs',
    location: null,
    description: null,
    workarea: null,
    study: null,
    adddate: '2022-08-17 06:59:27.530508',
    moddate: '2022-08-17 06:59:27.530508',
    status: 'Uploaded',
    base_download_url: null,
    base_raw_download_url: null,
    tissue_area: null,
    outcome_prediction: null,
    shared: '19',
    annotation_status: 'Pending',
    tissuearea_status: 'Pending',
    tiling_status: 'Pending',
    metric: null,
    ownerId: null,
    ...overrides,
  };
}
