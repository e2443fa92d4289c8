import { useCallback, useEffect, useRef, useState } from 'react';
import type { WatchFileOutcome, WatchHistoryEntry } from '../../../src-shared/watcher/index.js';
import { appClient } from '../../platform/app-client.js';
import { describeError } from '../../stores/describe-error.js';
import { useWatchStore } from '../../stores/watch-store.js';

export interface HistoryRequest {
  limit: number;
  query?: string;
  outcomes?: WatchFileOutcome[] | undefined;
}

/** A burst of file events (a catch-up scan) reloads the history once per this long, not per event. */
const RELOAD_EVERY_MS = 250;

/**
 * One folder's history from `watch.history`, reloaded when the request changes and (throttled) whenever the folder
 * reports a file event; "older" pages append below.
 */
export function useWatchHistory(folderId: number, request: HistoryRequest) {
  const revision = useWatchStore((state) => state.revision[folderId] ?? 0);
  const [entries, setEntries] = useState<WatchHistoryEntry[]>([]);
  const [older, setOlder] = useState<WatchHistoryEntry[]>([]);
  const [more, setMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(request);
  const requestRef = useRef(request);
  requestRef.current = request;
  // Answers can arrive out of order while someone types a search: only the newest request's answer counts.
  const sequence = useRef(0);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const ticket = ++sequence.current;
    const { limit, query, outcomes } = requestRef.current;
    try {
      const page = await appClient.send('watch.history', {
        folderId,
        limit,
        ...(query?.trim() ? { query: query.trim() } : {}),
        ...(outcomes ? { outcomes } : {}),
      });
      if (ticket !== sequence.current) return;
      setEntries(page.entries);
      setMore((current) => (older.length > 0 ? current : page.more));
      setLoaded(true);
      setError(null);
    } catch (failure) {
      if (ticket === sequence.current) setError(describeError(failure));
    }
  }, [folderId, older.length]);

  useEffect(() => {
    setOlder([]);
    void load();
    // `key` stands for the request's contents (a new array of outcomes each render is the same request).
  }, [folderId, key]);

  useEffect(() => {
    if (revision === 0 || reloadTimer.current) return;
    reloadTimer.current = setTimeout(() => {
      reloadTimer.current = undefined;
      void load();
    }, RELOAD_EVERY_MS);
  }, [revision, load]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const loadOlder = useCallback(async () => {
    const last = older.at(-1) ?? entries.at(-1);
    if (!last) return;
    const { limit, query, outcomes } = requestRef.current;
    try {
      const page = await appClient.send('watch.history', {
        folderId,
        limit,
        before: last.id,
        ...(query?.trim() ? { query: query.trim() } : {}),
        ...(outcomes ? { outcomes } : {}),
      });
      setOlder((current) => [...current, ...page.entries]);
      setMore(page.more);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [entries, older, folderId]);

  // A reload after new events may overlap the older pages already shown.
  const seen = new Set(entries.map((entry) => entry.id));
  const all = [...entries, ...older.filter((entry) => !seen.has(entry.id))];
  return { entries: all, more, loaded, error, loadOlder };
}
