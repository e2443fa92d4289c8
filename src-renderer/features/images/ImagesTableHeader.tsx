import { ArrowDownIcon, ArrowUpIcon } from '../../ui/index.js';
import type { ImageSort, SortKey } from './image-sort.js';
import type { TableColumn } from './table-columns.js';

interface ImagesTableHeaderProps {
  columns: readonly TableColumn[];
  sort: ImageSort;
  onSort: (key: SortKey) => void;
}

/** Column headers; each is a button that sorts by it (again: reverses), announced through aria-sort. */
export function ImagesTableHeader({ columns, sort, onSort }: ImagesTableHeaderProps) {
  return (
    <div role="rowgroup" className="images-table__head">
      <div role="row" aria-rowindex={1} className="images-table__row images-table__row--head">
        {columns.map((column) => {
          const active = sort.key === column.key;
          return (
            <div
              key={column.key}
              role="columnheader"
              aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              className="images-table__cell images-table__cell--head"
              title={column.description}
            >
              <button type="button" className="images-table__sort" onClick={() => onSort(column.key)}>
                {column.label}
                <span className="images-table__sort-icon" aria-hidden="true">
                  {active && (sort.direction === 'asc' ? <ArrowUpIcon /> : <ArrowDownIcon />)}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
