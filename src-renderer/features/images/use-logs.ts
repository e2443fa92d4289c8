import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEntry } from '../../../src-shared/api/index.js';
import { appClient } from '../../platform/app-client.js';
import { describeError } from '../../stores/describe-error.js';
import { useVisibleInterval } from './use-visible-interval.js';

export interface LogsState {
  entries: LogEntry[] | null;
  error: string | null;
  reload: () => void;
}

/** Log entries of one image (or all, with null), re-fetched every few seconds while `active`. */
export function useLogs(imageUniqueId: string | null, active: boolean, everyMs = 4000): LogsState {
  const [entries, setEntries] = useState<LogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sequence = useRef(0);
  const inFlight = useRef(false);

  const reload = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const mine = ++sequence.current;
    appClient
      .send('logs.list', { imageUniqueId })
      .then(
        (result) => {
          if (mine !== sequence.current) return;
          setEntries(result);
          setError(null);
        },
        (caught: unknown) => {
          if (mine === sequence.current) setError(describeError(caught));
        },
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, [imageUniqueId]);

  useEffect(() => {
    // Another image: forget the previous one's entries so they never show under the new name.
    sequence.current += 1;
    inFlight.current = false;
    setEntries(null);
    setError(null);
    if (active) reload();
  }, [reload, active]);

  useVisibleInterval(reload, everyMs, active);
  return { entries, error, reload };
}
