import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { rowKey } from './image-query.js';
import type { ImageSort, SortKey } from './image-sort.js';
import { ImagesTableHeader } from './ImagesTableHeader.js';
import { ImageTableRow } from './ImageTableRow.js';
import { gridTemplate, type TableColumn } from './table-columns.js';

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;

interface ImagesTableProps {
  rows: readonly ImageRow[];
  columns: readonly TableColumn[];
  sort: ImageSort;
  onSort: (key: SortKey) => void;
  selectedKey: string | null;
  /** The selection moved (click or keyboard). */
  onSelect: (row: ImageRow) => void;
  onOpen: (row: ImageRow) => void;
}

const rowDomId = (index: number) => `image-row-${index}`;

/** Moves the selection for a key press; null when the key is not ours. */
function nextIndex(key: string, current: number, count: number, page: number): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, current + page);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/**
 * The images grid: only the rows in view are in the DOM (10,000 rows scroll smoothly). The scroll box holds the
 * focus and points at the selected row with aria-activedescendant; arrows move, Enter opens the details.
 */
export function ImagesTable({
  rows,
  columns,
  sort,
  onSort,
  selectedKey,
  onSelect,
  onOpen,
}: ImagesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (index) => (rows[index] ? rowKey(rows[index]) : index),
  });

  const selectedIndex = selectedKey === null ? -1 : rows.findIndex((row) => rowKey(row) === selectedKey);

  // Keeps the selection in view when the keyboard moves it (a refresh keeps the scroll position as it is).
  const scrollTarget = useRef<number | null>(null);
  useEffect(() => {
    if (scrollTarget.current !== null && scrollTarget.current === selectedIndex) {
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
      scrollTarget.current = null;
    }
  }, [selectedIndex, virtualizer]);

  const activate = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      onSelect(row);
      onOpen(row);
    },
    [rows, onSelect, onOpen],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0 || event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      const row = rows[selectedIndex];
      if (row) {
        event.preventDefault();
        onOpen(row);
      }
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const next = nextIndex(event.key, selectedIndex === -1 ? -1 : selectedIndex, rows.length, page);
    if (next === null) return;
    event.preventDefault();
    const target = selectedIndex === -1 && event.key === 'ArrowDown' ? 0 : Math.max(0, next);
    const row = rows[target];
    if (!row) return;
    scrollTarget.current = target;
    onSelect(row);
  };

  const template = gridTemplate(columns);
  return (
    <div
      ref={scrollRef}
      className="images-table"
      role="grid"
      aria-label="Images"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable={false}
      aria-activedescendant={selectedIndex >= 0 ? rowDomId(selectedIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{
        ['--images-grid' as string]: template,
        // Every row as wide as the columns' minimums: a row sized by its own content would shift its columns.
        ['--images-min-width' as string]: `${columns.reduce((sum, column) => sum + column.minPx, 0)}px`,
      }}
    >
      <ImagesTableHeader columns={columns} sort={sort} onSort={onSort} />
      <div role="rowgroup" className="images-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <ImageTableRow
              key={item.key}
              row={row}
              columns={columns}
              index={item.index}
              rowId={rowDomId(item.index)}
              selected={item.index === selectedIndex}
              onActivate={activate}
              offset={item.start - HEADER_HEIGHT}
              height={ROW_HEIGHT}
            />
          );
        })}
      </div>
    </div>
  );
}
