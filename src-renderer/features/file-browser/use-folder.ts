import { useCallback, useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../../src-shared/app/browse.js';
import { appClient } from '../../platform/app-client.js';
import { describeError } from '../../stores/describe-error.js';

/** Rows fetched per request; more come with "Show more" (a folder may hold tens of thousands). */
export const PAGE_SIZE = 500;

export interface FolderState {
  listing: FolderListing | null;
  loading: boolean;
  /** The request itself failed (connection lost): shown instead of the list. */
  error: string | null;
  /** Counts fresh listings (another folder, hidden items shown or not); a further page keeps it. */
  version: number;
  open(path: string | undefined): void;
  more(): void;
}

/**
 * One folder of the host as the browser shows it. A later request wins: an answer for a folder the user has
 * already left is dropped, so quick keyboard navigation never shows a stale list.
 */
export function useFolder(start: string | undefined, showHidden: boolean): FolderState {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | undefined>(start);
  const latest = useRef(0);
  const [version, setVersion] = useState(0);

  const load = useCallback(
    async (path: string | undefined, offset: number, previous: FolderListing | null) => {
      const request = ++latest.current;
      setLoading(true);
      try {
        const next = await appClient.send('files.browse', { path, showHidden, offset, limit: PAGE_SIZE });
        if (request !== latest.current) return;
        setListing(previous ? { ...next, entries: [...previous.entries, ...next.entries] } : next);
        if (!previous) setVersion((count) => count + 1);
        setError(null);
      } catch (failure) {
        if (request === latest.current) setError(describeError(failure));
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [showHidden],
  );

  useEffect(() => {
    void load(target, 0, null);
  }, [load, target]);

  return {
    listing,
    loading,
    error,
    version,
    open: (path) => {
      // The same folder again (a place clicked twice) reloads it: its contents may have changed.
      if (path === target) void load(path, 0, null);
      else setTarget(path);
    },
    more: () => {
      if (listing && !loading) void load(listing.path, listing.entries.length, listing);
    },
  };
}
