import type { ImageRow } from '../../../src-shared/app/results.js';
import { predictionState } from './prediction-state.js';
import { stepState, type StepState } from './step-state.js';

export type SortKey =
  | 'filename'
  | 'uid'
  | 'owner'
  | 'patient'
  | 'study'
  | 'added'
  | 'status'
  | 'tiling'
  | 'tissue'
  | 'annotation'
  | 'prediction';

export type SortDirection = 'asc' | 'desc';

export interface ImageSort {
  key: SortKey;
  direction: SortDirection;
}

type SortValue = string | number | null;

/** Steps sort by how far they got rather than alphabetically. */
const STEP_ORDER: Record<StepState, number> = {
  none: 0,
  pending: 1,
  other: 2,
  running: 3,
  failed: 4,
  done: 5,
};
const PREDICTION_ORDER = { none: 0, stopped: 1, failed: 2, running: 3, done: 4 } as const;

const SORT_VALUE: Record<SortKey, (row: ImageRow) => SortValue> = {
  filename: (row) => row.filename,
  uid: (row) => row.image_unique_id,
  owner: (row) => row.ownerId,
  patient: (row) => row.patient_id,
  study: (row) => row.study ?? row.study_id,
  // "2022-08-17 06:59:27.530508": the server's timestamps sort correctly as text.
  added: (row) => row.adddate,
  status: (row) => row.status,
  tiling: (row) => STEP_ORDER[stepState(row.tiling_status)],
  tissue: (row) => row.tissue_area ?? (stepState(row.tissuearea_status) === 'none' ? null : -1),
  annotation: (row) => STEP_ORDER[stepState(row.annotation_status)],
  prediction: (row) => PREDICTION_ORDER[predictionState(row)],
};

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A sorted copy. Values are computed once per row (not per comparison), empty values go last in either
 * direction, and ties fall back to filename then uid so the order is stable across refreshes.
 */
export function sortImages(rows: readonly ImageRow[], sort: ImageSort): ImageRow[] {
  const valueOf = SORT_VALUE[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  const decorated = rows.map((row) => ({ row, value: valueOf(row) }));
  decorated.sort((a, b) => {
    const aEmpty = a.value === null || a.value === '';
    const bEmpty = b.value === null || b.value === '';
    if (aEmpty !== bEmpty) return aEmpty ? 1 : -1;
    const primary = aEmpty ? 0 : sign * compareValues(a.value, b.value);
    return (
      primary ||
      collator.compare(a.row.filename, b.row.filename) ||
      a.row.image_unique_id.localeCompare(b.row.image_unique_id) ||
      (a.row.ownerId ?? -1) - (b.row.ownerId ?? -1)
    );
  });
  return decorated.map((entry) => entry.row);
}
