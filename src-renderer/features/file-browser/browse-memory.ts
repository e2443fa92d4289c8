/**
 * The folder the browser was last in, for this tab only: the next "Add files…" starts there, as a native dialog
 * does. A path is not secret, but it stays in sessionStorage so it goes with the tab.
 */
const KEY = 'pathomiq.fileBrowser.folder';

export function lastFolder(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    // No storage (tests, a locked-down browser): start at home.
    return undefined;
  }
}

export function rememberFolder(folder: string | null): void {
  try {
    if (folder) sessionStorage.setItem(KEY, folder);
  } catch {
    // Nothing to remember with; home next time.
  }
}
