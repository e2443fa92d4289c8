import type { ImageRow } from '../../../src-shared/app/results.js';
import { matchesSharing, type SharingFilter } from './image-sharing.js';
import { matchesSearch, searchTerms } from './image-search.js';
import { sortImages, type ImageSort } from './image-sort.js';
import { predictionState, type PredictionState } from './prediction-state.js';

export interface ImageFilters {
  search: string;
  /** An exact image status, or null for any. */
  status: string | null;
  prediction: PredictionState | null;
  sharing: SharingFilter;
}

export const NO_FILTERS: ImageFilters = { search: '', status: null, prediction: null, sharing: 'any' };

/** Rows passing the search and every filter, in their original order. */
export function filterImages(
  rows: readonly ImageRow[],
  filters: ImageFilters,
  me: number | null,
): ImageRow[] {
  const terms = searchTerms(filters.search);
  return rows.filter(
    (row) =>
      (filters.status === null || (row.status ?? '') === filters.status) &&
      (filters.prediction === null || predictionState(row) === filters.prediction) &&
      matchesSharing(row, filters.sharing, me) &&
      matchesSearch(row, terms),
  );
}

/** What the table shows: filtered, then sorted. */
export function queryImages(
  rows: readonly ImageRow[],
  filters: ImageFilters,
  sort: ImageSort,
  me: number | null,
): ImageRow[] {
  return sortImages(filterImages(rows, filters, me), sort);
}

/** The distinct statuses present, for the status filter's options. */
export function statusOptions(rows: readonly ImageRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) if (row.status) seen.add(row.status);
  return [...seen].sort((a, b) => a.localeCompare(b));
}

/** The same image can appear in several users' lists in the all-users view, so rows are keyed by both. */
export const rowKey = (row: Pick<ImageRow, 'ownerId' | 'image_unique_id'>): string =>
  `${row.ownerId ?? 'me'}:${row.image_unique_id}`;

export const isFiltered = (filters: ImageFilters): boolean =>
  filters.search.trim() !== '' ||
  filters.status !== null ||
  filters.prediction !== null ||
  filters.sharing !== 'any';
