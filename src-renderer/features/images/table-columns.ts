import type { SortKey } from './image-sort.js';

export interface TableColumn {
  key: SortKey;
  label: string;
  /** A CSS grid track. */
  width: string;
  /** Only in the all-users view. */
  allUsersOnly?: boolean;
  /** Explains a header whose meaning is not obvious. */
  description?: string;
  /** The least room the column takes, in pixels (its track's minimum). */
  minPx: number;
  /**
   * When the table is narrow (the details panel is open, a small window), columns are hidden in this order,
   * lowest first (the details panel shows every step); columns without it always stay: the name, the status
   * and the prediction.
   */
  hideOrder?: number;
}

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: 'filename', label: 'File name', width: 'minmax(180px, 1fr)', minPx: 180 },
  { key: 'uid', label: 'Image id', width: '104px', minPx: 104, hideOrder: 3 },
  {
    key: 'owner',
    label: 'User',
    width: '68px',
    minPx: 68,
    allUsersOnly: true,
    hideOrder: 5,
    description:
      'The user whose image list the row comes from (an image shared with several users is listed for each)',
  },
  { key: 'patient', label: 'Patient', width: '76px', minPx: 76, hideOrder: 2 },
  { key: 'study', label: 'Study', width: '96px', minPx: 96, hideOrder: 1 },
  { key: 'added', label: 'Added', width: '150px', minPx: 150, hideOrder: 4 },
  { key: 'status', label: 'Status', width: '132px', minPx: 132 },
  { key: 'tiling', label: 'Tiling', width: '104px', minPx: 104, hideOrder: 8 },
  // Room for the area badge with its unit ("1,234 mm²") beside the dot, within the cell's padding.
  { key: 'tissue', label: 'Tissue area', width: '116px', minPx: 116, hideOrder: 7 },
  { key: 'annotation', label: 'Annotation', width: '104px', minPx: 104, hideOrder: 6 },
  { key: 'prediction', label: 'Prediction', width: '148px', minPx: 148 },
];

export const columnsFor = (allUsers: boolean): TableColumn[] =>
  TABLE_COLUMNS.filter((column) => allUsers || !column.allUsersOnly);

/**
 * The columns that fit in `widthPx` (null: not measured yet, show all): hides the optional ones, lowest
 * hideOrder first, until the rest fit. What always stays may still scroll sideways in a very narrow window.
 */
export function fitColumns(columns: readonly TableColumn[], widthPx: number | null): TableColumn[] {
  const kept = [...columns];
  if (widthPx === null) return kept;
  const needed = () => kept.reduce((sum, column) => sum + column.minPx, 0);
  const hideable = kept
    .filter((column) => column.hideOrder !== undefined)
    .sort((a, b) => a.hideOrder! - b.hideOrder!);
  for (const column of hideable) {
    if (needed() <= widthPx) break;
    kept.splice(kept.indexOf(column), 1);
  }
  return kept;
}

export const gridTemplate = (columns: readonly TableColumn[]): string =>
  columns.map((column) => column.width).join(' ');

/** The uid's first characters are enough to tell rows apart; the full id is in the tooltip and the details. */
export const shortUid = (uid: string): string => (uid.length > 10 ? `${uid.slice(0, 8)}…` : uid);
