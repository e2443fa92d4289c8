import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState } from 'react';
import type { LogEntry } from '../../../src-shared/api/index.js';
import { EmptyState, ErrorBanner, formatDateTime, LoadingState, MiddleEllipsis } from '../../ui/index.js';
import { filterLogs, logTypes } from './log-filter.js';
import { parseServerTime } from './server-time.js';
import { shortUid } from './table-columns.js';

const ROW_HEIGHT = 30;

interface LogListProps {
  entries: LogEntry[] | null;
  error: string | null;
  onRetry: () => void;
  /** Adds an image column (the all-logs view); clicking it opens that image. */
  onOpenImage?: ((uid: string) => void) | undefined;
  /** The file name of an image by its id, for that column; unknown ids show as a short id. */
  imageName?: ((uid: string) => string | undefined) | undefined;
  label: string;
  /** Narrow layout for the details panel: time of day only (the full time is in the tooltip). */
  compact?: boolean;
}

function timeText(adddate: string | null | undefined, compact: boolean): string {
  const date = parseServerTime(adddate);
  if (!compact || !date) return formatDateTime(date);
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The image of a log entry by file name (cut in the middle), its id on hover; a short id when not listed. */
function ImageButton({
  uid,
  name,
  onOpen,
}: {
  uid: string;
  name: string | undefined;
  onOpen: (uid: string) => void;
}) {
  return (
    <button
      type="button"
      className={`log-list__image${name === undefined ? ' mono' : ''}`}
      title={name === undefined ? `Open image ${uid}` : `Open image ${name} (id ${uid})`}
      aria-label={`Open image ${name ?? uid}`}
      onClick={() => onOpen(uid)}
    >
      {name === undefined ? shortUid(uid) : <MiddleEllipsis name={name} interactive={false} />}
    </button>
  );
}

/** Log entries, newest first, with a type filter; virtualized because the all-logs list can be long. */
export function LogList({
  entries,
  error,
  onRetry,
  onOpenImage,
  imageName,
  label,
  compact = false,
}: LogListProps) {
  const [type, setType] = useState<string | null>(null);
  const types = useMemo(() => logTypes(entries ?? []), [entries]);
  const shown = useMemo(() => filterLogs(entries ?? [], type), [entries, type]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const filterId = useId();
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  return (
    <div className={`log-list${compact ? ' log-list--compact' : ''}`}>
      <div className="log-list__toolbar">
        <label htmlFor={filterId} className="visually-hidden">
          Log type
        </label>
        <select
          id={filterId}
          className="select log-list__filter"
          value={type ?? ''}
          onChange={(event) => setType(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">All types</option>
          {types.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {type !== null && !types.includes(type) && <option value={type}>{type}</option>}
        </select>
        <span className="muted">
          {entries === null
            ? ''
            : `${shown.length.toLocaleString('en-US')} of ${entries.length.toLocaleString('en-US')}`}
        </span>
      </div>
      {error && (
        <ErrorBanner title="Could not load the logs" onRetry={onRetry}>
          {error}
        </ErrorBanner>
      )}
      {entries === null && !error && <LoadingState label="Loading logs…" />}
      {entries !== null && shown.length === 0 && (
        <EmptyState title={entries.length === 0 ? 'No log entries yet' : 'No entries of this type'} />
      )}
      {shown.length > 0 && (
        <div ref={scrollRef} className="log-list__scroll" role="list" aria-label={label}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = shown[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  className="log-list__row"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  title={`${formatDateTime(parseServerTime(entry.adddate))}: ${entry.message}`}
                >
                  <span className="log-list__time">{timeText(entry.adddate, compact)}</span>
                  <span className="log-list__type">{entry.type}</span>
                  {onOpenImage && (
                    <ImageButton uid={entry.imageid} name={imageName?.(entry.imageid)} onOpen={onOpenImage} />
                  )}
                  <span className="log-list__message">{entry.message}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
