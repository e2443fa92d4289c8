import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Checkbox, Dialog, ErrorBanner, LoadingState, plural } from '../../ui/index.js';
import { Breadcrumb, PlacesList } from './BrowserNav.js';
import { confirmAction, countText, isSelectable, TITLES, type BrowseMode } from './browse-mode.js';
import { FileRows } from './FileRows.js';
import {
  chooseAll,
  chosenInOrder,
  clickRow,
  emptySelection,
  moveTo,
  toggleActive,
  type Selection,
} from './selection.js';
import { useFolder } from './use-folder.js';
import './file-browser.css';

const PAGE_JUMP = 10;
const DEFAULT_HINT = 'Slides are marked. Click, Shift+click or Space chooses; Enter opens a folder.';

export interface FileBrowserDialogProps {
  mode: BrowseMode;
  /** One line above the list (why the browser opened, e.g. after a drop); a usage hint otherwise. */
  hint?: string;
  /** The folder to open first; home when undefined. */
  start: string | undefined;
  /** The chosen paths, or null when cancelled; `folder` is where the user was, to start there next time. */
  onDone: (paths: string[] | null, folder: string | null) => void;
}

/**
 * The in-app file browser for the browser host, where no native dialog can tell us a path: the host lists its own
 * folders (`files.browse`) and the chosen paths go where a native dialog's would.
 */
export function FileBrowserDialog({ mode, hint, start, onDone }: FileBrowserDialogProps) {
  const single = mode === 'watch-folder';
  const [showHidden, setShowHidden] = useState(false);
  const folder = useFolder(start, showHidden);
  const { listing } = folder;
  const [selection, setSelection] = useState<Selection>(() => emptySelection(single));
  const cameFrom = useRef<string | null>(null);
  const stateRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const entries = useMemo(() => listing?.entries ?? [], [listing]);
  const rows = useMemo(
    () => entries.map((entry) => ({ path: entry.path, selectable: isSelectable(mode, entry) })),
    [entries, mode],
  );
  const here = listing && !listing.problem ? listing.path : null;

  // Another folder: nothing chosen, the keyboard on its first row — or on the folder just left by going up.
  // Before paint, so the new list never shows (or takes keys with) the old folder's row.
  useLayoutEffect(() => {
    const from = cameFrom.current;
    cameFrom.current = null;
    const index = from ? entries.findIndex((entry) => entry.path === from) : -1;
    setSelection({ ...emptySelection(single), active: entries.length > 0 ? Math.max(0, index) : -1 });
    // No list to focus (empty, refused): the keyboard stays in the browser, so Backspace still goes up.
    if (entries.length === 0) stateRef.current?.focus();
    // Only a fresh listing resets the choice; a further page of the same folder keeps it.
  }, [folder.version]);

  const chosen = chosenInOrder(selection, rows);
  const action = confirmAction(mode, chosen, here);
  const done = (paths: string[] | null) => onDone(paths, here);

  const goUp = () => {
    if (!listing?.parent) return;
    cameFrom.current = listing.path;
    folder.open(listing.parent);
  };

  /** Enter or a double click: a folder opens; a file is added (with the others chosen, if any). */
  const activate = (index: number) => {
    const entry = entries[index];
    if (!entry || entry.broken) return;
    if (entry.kind === 'folder') folder.open(entry.path);
    else if (isSelectable(mode, entry)) done(chosen.length > 0 ? chosen : [entry.path]);
  };

  const typeAhead = (letter: string) => {
    const start = selection.active + 1;
    const order = [...entries.slice(start), ...entries.slice(0, start)];
    const found = order.find((entry) => entry.name.toLowerCase().startsWith(letter));
    if (found) setSelection((current) => moveTo(current, rows, entries.indexOf(found)));
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const { key, shiftKey, altKey } = event;
    const mod = event.ctrlKey || event.metaKey;
    const move = (to: number) => setSelection((current) => moveTo(current, rows, to, shiftKey));
    if (key === 'ArrowDown') move(selection.active + 1);
    else if (key === 'ArrowUp' && !altKey) move(selection.active - 1);
    else if (key === 'Home') move(0);
    else if (key === 'End') move(rows.length - 1);
    else if (key === 'PageDown') move(selection.active + PAGE_JUMP);
    else if (key === 'PageUp') move(selection.active - PAGE_JUMP);
    else if (key === ' ') setSelection((current) => toggleActive(current, rows));
    else if (key === 'Enter' && !mod) activate(selection.active);
    else if (mod && key.toLowerCase() === 'a') setSelection((current) => chooseAll(current, rows));
    else if (key.length === 1 && !mod && !altKey) typeAhead(key.toLowerCase());
    else return;
    event.preventDefault();
  };

  /** Anywhere in the browser: Backspace or Alt+Up goes up, Ctrl+Enter confirms. */
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || (event.target as HTMLElement).tagName === 'INPUT') return;
    if (event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) goUp();
    else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      if (action.paths.length > 0) done(action.paths);
    } else return;
    event.preventDefault();
  };

  const counts = listing ? countText(entries.length, listing.total, listing.capped) : null;
  return (
    <Dialog
      open
      size="lg"
      title={TITLES[mode]}
      description={hint ?? DEFAULT_HINT}
      onClose={() => done(null)}
      footer={
        <>
          <span className="file-browser__summary" aria-live="polite">
            {chosen.length > 0 ? `${plural(chosen.length, mode === 'files' ? 'file' : 'folder')} chosen` : ''}
          </span>
          <Button onClick={() => done(null)}>Cancel</Button>
          <Button variant="primary" disabled={action.paths.length === 0} onClick={() => done(action.paths)}>
            {action.label}
          </Button>
        </>
      }
    >
      <div className="file-browser" onKeyDown={onKey}>
        <PlacesList places={listing?.places ?? []} current={listing?.path ?? null} onOpen={folder.open} />
        <div className="file-browser__main">
          <Breadcrumb listing={listing} onOpen={folder.open} />
          {listing && !folder.error && !listing.problem && entries.length > 0 ? (
            <FileRows
              id={listId}
              label={`Contents of ${listing.path}`}
              entries={entries}
              chosen={new Set(selection.chosen)}
              active={selection.active}
              selectable={(entry) => isSelectable(mode, entry)}
              multiple={!single}
              autoFocusKey={listing.path}
              onClick={(index, event) =>
                setSelection((current) =>
                  clickRow(current, rows, index, {
                    shift: event.shiftKey,
                    toggle: event.ctrlKey || event.metaKey,
                  }),
                )
              }
              onOpen={activate}
              onKeyDown={onListKey}
            />
          ) : (
            // The same room as the list, so the dialog does not jump when a folder cannot be shown.
            <div className="file-browser__state" ref={stateRef} tabIndex={-1}>
              {folder.error ? (
                <ErrorBanner title="Could not list this folder" onRetry={() => folder.open(listing?.path)}>
                  {folder.error}
                </ErrorBanner>
              ) : listing?.problem ? (
                <ErrorBanner tone="warning" title="Cannot open this folder">
                  {listing.problem}
                </ErrorBanner>
              ) : !listing ? (
                <LoadingState label="Listing the folder…" />
              ) : (
                <p className="file-browser__empty">This folder is empty.</p>
              )}
            </div>
          )}
          <div className="file-browser__foot">
            <span>{counts}</span>
            {counts && listing && entries.length < listing.total && (
              <Button size="sm" variant="ghost" busy={folder.loading} onClick={folder.more}>
                Show more
              </Button>
            )}
            <span className="file-browser__hidden">
              <Checkbox
                label={
                  listing && listing.hidden > 0 && !showHidden
                    ? `Show hidden items (${listing.hidden})`
                    : 'Show hidden items'
                }
                checked={showHidden}
                onChange={setShowHidden}
              />
            </span>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
