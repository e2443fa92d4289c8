import { useEffect, useRef } from 'react';
import { windowCloseGuard } from '../../platform/window-close-guard.js';

/**
 * Unsaved edits survive closing or reloading the window too, not only in-app navigation. In Electron the shell
 * asks the page before closing (`onCloseRequest` opens the Save / Discard / Stay dialog, which then answers the
 * shell); in a browser tab the browser's own "Leave site?" prompt guards a reload or a closed tab.
 */
export function useLeaveWindowGuard(dirty: boolean, onCloseRequest: () => void): void {
  const latest = useRef(onCloseRequest);
  useEffect(() => {
    latest.current = onCloseRequest;
  });

  useEffect(() => {
    if (windowCloseGuard === null) return undefined;
    windowCloseGuard.setHoldsUnsaved(dirty);
    return undefined;
  }, [dirty]);

  useEffect(() => {
    if (windowCloseGuard === null) return undefined;
    const guard = windowCloseGuard;
    const off = guard.onCloseRequest(() => latest.current());
    return () => {
      off();
      // The screen is gone, and its edits with it: nothing holds the window any more.
      guard.setHoldsUnsaved(false);
    };
  }, []);

  useEffect(() => {
    // Electron's window would silently refuse to close on a `beforeunload` veto, so only a browser tab uses it.
    if (windowCloseGuard !== null || !dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium shows the prompt only when returnValue is set too.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
