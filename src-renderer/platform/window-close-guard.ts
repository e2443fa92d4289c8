import type { CloseGuardBridge, PreloadBridge } from '../../src-shared/app/index.js';

/**
 * The Electron shell's close guard (its window asks the page before closing), or null in a browser tab, where
 * the page guards itself with `beforeunload`.
 */
export const windowCloseGuard: CloseGuardBridge | null =
  (window as Window & { pathomiq?: PreloadBridge }).pathomiq?.closeGuard ?? null;
