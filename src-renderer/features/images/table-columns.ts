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
}

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: 'filename', label: 'File name', width: 'minmax(220px, 1fr)' },
  { key: 'uid', label: 'Image id', width: '104px' },
  {
    key: 'owner',
    label: 'User',
    width: '68px',
    allUsersOnly: true,
    description:
      'The user whose image list the row comes from (an image shared with several users is listed for each)',
  },
  { key: 'patient', label: 'Patient', width: '76px' },
  { key: 'study', label: 'Study', width: '96px' },
  { key: 'added', label: 'Added', width: '192px' },
  { key: 'status', label: 'Status', width: '156px' },
  { key: 'tiling', label: 'Tiling', width: '96px' },
  { key: 'tissue', label: 'Tissue area', width: '104px' },
  { key: 'annotation', label: 'Annotation', width: '104px' },
  { key: 'prediction', label: 'Prediction', width: '156px' },
];

export const columnsFor = (allUsers: boolean): TableColumn[] =>
  TABLE_COLUMNS.filter((column) => allUsers || !column.allUsersOnly);

export const gridTemplate = (columns: readonly TableColumn[]): string =>
  columns.map((column) => column.width).join(' ');

/** The uid's first characters are enough to tell rows apart; the full id is in the tooltip and the details. */
export const shortUid = (uid: string): string => (uid.length > 10 ? `${uid.slice(0, 8)}…` : uid);
