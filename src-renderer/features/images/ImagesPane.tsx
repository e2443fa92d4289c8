import { useCallback, useDeferredValue, useMemo } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { useStatusStore } from '../../stores/status-store.js';
import { Button, EmptyState, ErrorBanner, ImageIcon, useElementWidth } from '../../ui/index.js';
import { queryImages, rowKey } from './image-query.js';
import { useImagesStore } from './images-store.js';
import { ImagesSkeleton } from './ImagesSkeleton.js';
import { ImagesTable } from './ImagesTable.js';
import { ImagesToolbar } from './ImagesToolbar.js';
import { columnsFor, fitColumns } from './table-columns.js';

const TABLE_BORDERS_PX = 2;

/** The list side of the screen: toolbar, table, and the loading / empty / error states. */
export function ImagesPane() {
  const rows = useImagesStore((state) => state.rows);
  const scope = useImagesStore((state) => state.scope);
  const loading = useImagesStore((state) => state.loading);
  const error = useImagesStore((state) => state.error);
  const filters = useImagesStore((state) => state.filters);
  const sort = useImagesStore((state) => state.sort);
  const selectedKey = useImagesStore((state) => state.selectedKey);
  const me = useStatusStore((state) => state.status?.userId ?? null);
  const { sortBy, select, openDetails, load, clearFilters } = useImagesStore.getState();

  // Typing in the search box stays responsive; the 10,000-row filter catches up a frame later.
  const deferredFilters = useDeferredValue(filters);
  const shown = useMemo(
    () => queryImages(rows, deferredFilters, sort, me),
    [rows, deferredFilters, sort, me],
  );
  // Fewer columns when the details panel (or a small window) leaves the table little room.
  const [paneRef, paneWidth] = useElementWidth<HTMLDivElement>();
  const tableWidth = paneWidth === null ? null : paneWidth - TABLE_BORDERS_PX;
  const columns = useMemo(() => fitColumns(columnsFor(scope === 'all'), tableWidth), [scope, tableWidth]);
  const open = useCallback((row: ImageRow) => openDetails(row.image_unique_id), [openDetails]);
  // With the panel open, moving the selection shows the newly selected image (like a mail client).
  const onSelect = useCallback(
    (row: ImageRow) => {
      select(rowKey(row));
      if (useImagesStore.getState().detailsUid !== null) openDetails(row.image_unique_id);
    },
    [select, openDetails],
  );

  if (loading && rows.length === 0) return <ImagesSkeleton />;
  const banner = error && (
    <ErrorBanner
      title={rows.length === 0 ? 'Could not load the images' : 'Could not refresh the images'}
      onRetry={() => void load()}
    >
      {error}
    </ErrorBanner>
  );
  if (rows.length === 0) {
    return (
      <div className="images-pane">
        {banner}
        {!error && (
          <EmptyState
            icon={<ImageIcon size={28} />}
            title={scope === 'mine' ? 'No images yet' : 'No images on the server yet'}
          >
            Upload slides in Uploads; they appear here once their upload has finished.
          </EmptyState>
        )}
      </div>
    );
  }
  return (
    <div className="images-pane" ref={paneRef}>
      {banner}
      <ImagesToolbar allRows={rows} shown={shown.length} hasUser={me !== null} />
      {shown.length === 0 ? (
        <EmptyState title="No images match" action={<Button onClick={clearFilters}>Clear filters</Button>}>
          Try other words, or clear the filters.
        </EmptyState>
      ) : (
        <ImagesTable
          rows={shown}
          columns={columns}
          sort={sort}
          onSort={sortBy}
          selectedKey={selectedKey}
          onSelect={onSelect}
          onOpen={open}
        />
      )}
    </div>
  );
}
