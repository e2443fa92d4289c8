import { useId, useState } from 'react';
import type {
  WatchFileOutcome,
  WatchFolderView,
  WatchHistoryEntry,
} from '../../../src-shared/watcher/index.js';
import { Badge, Button, baseName, formatDateTime, formatRelativeTime } from '../../ui/index.js';
import { SlidePeek } from '../previews/SlidePeek.js';
import { useWatchHistory } from './use-watch-history.js';
import {
  HISTORY_FILTER_OPTIONS,
  OUTCOME_BADGE,
  outcomesFor,
  type HistoryFilter,
} from './watch-history-text.js';

/** Entries shown while the history is closed: the latest reasons are readable without a click. */
const RECENT = 4;
const PAGE = 100;

/** Outcomes after slide QC passed: the file is a slide that was (or is about to be) uploaded from where it lies. */
const CHECKED: ReadonlySet<WatchFileOutcome> = new Set([
  'checked',
  'queued',
  'duplicate',
  'held',
  'uploaded',
]);

function HistoryRow({ entry }: { entry: WatchHistoryEntry }) {
  const badge = OUTCOME_BADGE[entry.outcome];
  return (
    <li className="watch-history__row" data-testid="watch-history-entry" data-outcome={entry.outcome}>
      <span className="watch-history__file">
        {CHECKED.has(entry.outcome) && (
          <SlidePeek target={{ path: entry.path }} name={baseName(entry.path)} />
        )}
        <span className="watch-history__name mono" title={entry.path}>
          {baseName(entry.path)}
        </span>
      </span>
      <Badge tone={badge.tone}>{badge.label}</Badge>
      <time
        className="watch-history__time"
        dateTime={new Date(entry.at).toISOString()}
        title={formatDateTime(entry.at)}
      >
        {formatRelativeTime(entry.at)}
      </time>
      <p className="watch-history__message">{entry.message}</p>
    </li>
  );
}

/** What happened to each file of one folder, newest first; opens into a searchable, filterable history. */
export function WatchHistory({ folder }: { folder: WatchFolderView }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<HistoryFilter>('all');
  const listId = useId();
  const { entries, more, loaded, error, loadOlder } = useWatchHistory(
    folder.id,
    open ? { limit: PAGE, query, outcomes: outcomesFor(filter) } : { limit: RECENT },
  );
  const filtered = open && (query.trim() !== '' || filter !== 'all');

  return (
    <section className="watch-history" aria-label={`File history of ${folder.path}`}>
      <div className="watch-history__head">
        <h3 className="watch-history__title">{open ? 'History' : 'Recent files'}</h3>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Show recent only' : 'History'}
        </Button>
      </div>
      {open && (
        <div className="watch-history__tools" role="search">
          <input
            type="search"
            className="input watch-history__search"
            aria-label={`Search the history of ${folder.path}`}
            placeholder="Search file names and reasons"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <select
            className="select watch-history__filter"
            aria-label="Filter by outcome"
            value={filter}
            onChange={(event) => setFilter(event.target.value as HistoryFilter)}
          >
            {HISTORY_FILTER_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <ol id={listId} className="watch-history__list" aria-label={open ? 'History' : 'Recent files'}>
        {entries.map((entry) => (
          <HistoryRow key={entry.id} entry={entry} />
        ))}
      </ol>
      {loaded && entries.length === 0 && (
        <p className="watch-history__empty">
          {filtered ? 'No file matches.' : 'No files yet: slides that appear in this folder are listed here.'}
        </p>
      )}
      {open && more && (
        <div>
          <Button size="sm" onClick={() => void loadOlder()}>
            Show older
          </Button>
        </div>
      )}
      {error && (
        <p className="watch-history__error" role="alert">
          Could not load the history: {error}
        </p>
      )}
    </section>
  );
}
