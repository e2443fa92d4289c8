import { memo } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { Badge, formatCompactDateTime, formatDateTime, MiddleEllipsis } from '../../ui/index.js';
import { imageBadges, type ImageBadge } from './image-badges.js';
import { parseServerTime } from './server-time.js';
import { shortUid, type TableColumn } from './table-columns.js';

interface ImageTableRowProps {
  row: ImageRow;
  columns: readonly TableColumn[];
  /** 0-based position in the filtered, sorted list. */
  index: number;
  rowId: string;
  selected: boolean;
  /** Pixels from the top of the table body. */
  offset: number;
  height: number;
  onActivate: (index: number) => void;
}

function cellContent(row: ImageRow, key: TableColumn['key'], badges: readonly ImageBadge[]) {
  switch (key) {
    case 'filename':
      // Cut in the middle: two long names that differ only at the end (…_A1.svs, …_A2.svs) stay apart.
      return (
        <span className="images-table__filename" title={row.filename}>
          <MiddleEllipsis name={row.filename} interactive={false} />
        </span>
      );
    case 'uid':
      return (
        <span className="mono" title={row.image_unique_id}>
          {shortUid(row.image_unique_id)}
        </span>
      );
    case 'owner':
      return row.ownerId ?? '—';
    case 'patient':
      return row.patient_id ?? '—';
    case 'study':
      return row.study ?? row.study_id ?? '—';
    case 'added': {
      const added = parseServerTime(row.adddate);
      return <span title={formatDateTime(added)}>{formatCompactDateTime(added)}</span>;
    }
    case 'status':
      return row.status ?? '—';
    default: {
      const badge = badges.find((candidate) => candidate.key === key);
      if (!badge) return null;
      if (badge.text === '—')
        return (
          <span className="muted" title={badge.title}>
            —
          </span>
        );
      return (
        <span title={badge.title}>
          <Badge tone={badge.tone}>{badge.text}</Badge>
        </span>
      );
    }
  }
}

/** One virtualized row; memoized so scrolling 10,000 rows only renders the ones coming into view. */
export const ImageTableRow = memo(function ImageTableRow({
  row,
  columns,
  index,
  rowId,
  selected,
  offset,
  height,
  onActivate,
}: ImageTableRowProps) {
  const badges = imageBadges(row);
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`images-table__row${selected ? ' images-table__row--selected' : ''}`}
      style={{ transform: `translateY(${offset}px)`, height }}
      data-testid="image-row"
      data-uid={row.image_unique_id}
      onClick={() => onActivate(index)}
    >
      {columns.map((column) => (
        <div
          key={column.key}
          role="gridcell"
          className={`images-table__cell images-table__cell--${column.key}`}
        >
          {cellContent(row, column.key, badges)}
        </div>
      ))}
    </div>
  );
});
