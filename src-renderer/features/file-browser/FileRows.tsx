import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { BrowseEntry } from '../../../src-shared/app/browse.js';
import {
  CheckIcon,
  FileIcon,
  FolderIcon,
  ImageIcon,
  formatBytes,
  formatCompactDateTime,
} from '../../ui/index.js';
import { kindText } from './browse-mode.js';

export interface FileRowsProps {
  id: string;
  label: string;
  entries: readonly BrowseEntry[];
  chosen: ReadonlySet<string>;
  active: number;
  selectable: (entry: BrowseEntry) => boolean;
  multiple: boolean;
  onClick: (index: number, event: MouseEvent) => void;
  onOpen: (index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  autoFocusKey: string;
}

function EntryIcon({ entry }: { entry: BrowseEntry }) {
  if (entry.kind === 'folder') return <FolderIcon />;
  return entry.slide ? <ImageIcon /> : <FileIcon />;
}

/**
 * The folder's contents as one list box: focus stays on the list and the active row is announced through
 * aria-activedescendant, so arrows, Space and Enter work like a file manager's and a screen reader follows.
 */
export function FileRows(props: FileRowsProps) {
  const { id, entries, chosen, active, selectable } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const rowId = (index: number) => `${id}-row-${index}`;

  // A new folder puts the keyboard back on the list, whatever was clicked to get there. Before paint, so a key
  // pressed as soon as the list shows already reaches it.
  useLayoutEffect(() => {
    listRef.current?.focus();
  }, [props.autoFocusKey]);

  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);

  return (
    <div
      ref={listRef}
      className="file-rows"
      role="listbox"
      tabIndex={0}
      aria-label={props.label}
      aria-multiselectable={props.multiple || undefined}
      aria-activedescendant={active >= 0 && entries[active] ? rowId(active) : undefined}
      onKeyDown={props.onKeyDown}
    >
      {entries.map((entry, index) => {
        const isChosen = chosen.has(entry.path);
        const canChoose = selectable(entry);
        const classes = [
          'file-row',
          isChosen && 'file-row--chosen',
          index === active && 'file-row--active',
          !canChoose && entry.kind === 'file' && 'file-row--muted',
          entry.slide && 'file-row--slide',
        ];
        return (
          <div
            key={entry.path}
            id={rowId(index)}
            role="option"
            aria-selected={isChosen}
            aria-disabled={entry.broken || undefined}
            className={classes.filter(Boolean).join(' ')}
            onMouseDown={(event) => {
              // Shift+click picks a range; without this the browser would also select the text in between.
              if (event.shiftKey) event.preventDefault();
            }}
            onClick={(event) => props.onClick(index, event)}
            onDoubleClick={() => props.onOpen(index)}
          >
            {/* The tick says "chosen" without relying on the row's colour. */}
            <span className="file-row__check" aria-hidden="true">
              {isChosen && <CheckIcon size={14} />}
            </span>
            <span className="file-row__icon" aria-hidden="true">
              <EntryIcon entry={entry} />
            </span>
            <span className="file-row__name" title={entry.name}>
              {entry.name}
            </span>
            <span className={`file-row__kind${entry.slide ? ' file-row__kind--slide' : ''}`}>
              {kindText(entry)}
            </span>
            <span className="file-row__size">{entry.kind === 'file' ? formatBytes(entry.size) : ''}</span>
            <span className="file-row__date">{formatCompactDateTime(entry.mtimeMs)}</span>
          </div>
        );
      })}
    </div>
  );
}
