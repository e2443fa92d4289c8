import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../stores/describe-error.js';

export interface ActionState<A extends unknown[], T> {
  /** Runs the action unless it is already running (no double submits); resolves undefined on failure. */
  run: (...args: A) => Promise<T | undefined>;
  pending: boolean;
  error: string | null;
  clearError: () => void;
}

/** One button's command: pending flag, error message, and a guard against a second click. */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>): ActionState<A, T> {
  const running = useRef(false);
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setPending(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (caught) {
      setError(describeError(caught));
      return undefined;
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}
