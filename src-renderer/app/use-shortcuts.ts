import { useEffect } from 'react';
import { SCREENS, useNavStore } from '../stores/nav-store.js';

/** Ctrl+1..4 (Cmd on macOS) switch screens, like tabs in a browser. */
export function useScreenShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      const screen = SCREENS[index];
      if (!screen) return;
      event.preventDefault();
      useNavStore.getState().go(screen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
