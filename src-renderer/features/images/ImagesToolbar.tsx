import { useMemo } from 'react';
import { Button } from '../../ui/index.js';
import { isFiltered, statusOptions } from './image-query.js';
import { SHARING_FILTER_LABELS, type SharingFilter } from './image-sharing.js';
import { useImagesStore } from './images-store.js';
import { PREDICTION_STATE_LABELS, type PredictionState } from './prediction-state.js';
import type { ImageRow } from '../../../src-shared/app/results.js';

const ANY = '';

interface ImagesToolbarProps {
  allRows: readonly ImageRow[];
  shown: number;
  /** Without a current user, "owned by me" and "shared with me" cannot match anything. */
  hasUser: boolean;
}

const SEARCH_HINT = 'Finds words in the file name, image id, patient id and description.';

/** Search, filters and the row count above the table. */
export function ImagesToolbar({ allRows, shown, hasUser }: ImagesToolbarProps) {
  const filters = useImagesStore((state) => state.filters);
  const setFilters = useImagesStore((state) => state.setFilters);
  const clearFilters = useImagesStore((state) => state.clearFilters);
  const statuses = useMemo(() => statusOptions(allRows), [allRows]);
  const sharingChoices = (Object.keys(SHARING_FILTER_LABELS) as SharingFilter[]).filter(
    (choice) => hasUser || (choice !== 'owned' && choice !== 'shared-with-me'),
  );

  return (
    <div className="images-toolbar" role="search">
      <input
        type="search"
        className="input images-toolbar__search"
        aria-label="Search images"
        aria-describedby="images-search-hint"
        title={SEARCH_HINT}
        placeholder="Search images"
        value={filters.search}
        onChange={(event) => setFilters({ search: event.target.value })}
      />
      <span id="images-search-hint" className="visually-hidden">
        {SEARCH_HINT}
      </span>
      <select
        className="select images-toolbar__filter"
        aria-label="Filter by status"
        value={filters.status ?? ANY}
        onChange={(event) => setFilters({ status: event.target.value === ANY ? null : event.target.value })}
      >
        <option value={ANY}>Any status</option>
        {statuses.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <select
        className="select images-toolbar__filter"
        aria-label="Filter by prediction"
        value={filters.prediction ?? ANY}
        onChange={(event) =>
          setFilters({
            prediction: event.target.value === ANY ? null : (event.target.value as PredictionState),
          })
        }
      >
        <option value={ANY}>Any prediction</option>
        {(Object.keys(PREDICTION_STATE_LABELS) as PredictionState[]).map((state) => (
          <option key={state} value={state}>
            {PREDICTION_STATE_LABELS[state]}
          </option>
        ))}
      </select>
      <select
        className="select images-toolbar__filter"
        aria-label="Filter by sharing"
        value={filters.sharing}
        onChange={(event) => setFilters({ sharing: event.target.value as SharingFilter })}
      >
        {sharingChoices.map((choice) => (
          <option key={choice} value={choice}>
            {SHARING_FILTER_LABELS[choice]}
          </option>
        ))}
      </select>
      {isFiltered(filters) && (
        <Button size="sm" variant="ghost" onClick={clearFilters}>
          Clear filters
        </Button>
      )}
      <span className="images-toolbar__count" role="status" aria-live="polite">
        Showing {shown.toLocaleString('en-US')} of {allRows.length.toLocaleString('en-US')}
      </span>
    </div>
  );
}
