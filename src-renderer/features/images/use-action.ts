import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorOffer, PlainError } from '../../../src-shared/app/index.js';
import { plainError } from '../../stores/describe-error.js';
import { useActionEpoch } from './action-epoch.js';

export interface ActionState<A extends unknown[], T> {
  /** Runs the action unless it is already running (no double submits); resolves undefined on failure. */
  run: (...args: A) => Promise<T | undefined>;
  pending: boolean;
  /** The last failure in the one vocabulary's words (message, advice, detail), until the next run. */
  error: PlainError | null;
  clearError: () => void;
}

/**
 * One button's command: pending flag, error, and a guard against a second click. `words` says what the failure
 * is about (the image's name) and what stands beside it: the button itself can be pressed again, so advice may
 * say "try again" but never names a Retry button that is not there.
 */
export function useAction<A extends unknown[], T>(
  action: (...args: A) => Promise<T>,
  words: { subject?: string; offer?: ErrorOffer } = {},
): ActionState<A, T> {
  const running = useRef(false);
  const latest = useRef(action);
  const latestWords = useRef(words);
  useEffect(() => {
    latest.current = action;
    latestWords.current = words;
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<PlainError | null>(null);

  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    // A new action: feedback of earlier ones, here and in other sections, is no longer news.
    useActionEpoch.getState().begin(typeof document === 'undefined' ? null : document.activeElement);
    setPending(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (caught) {
      setError(plainError(caught, latestWords.current));
      return undefined;
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}
