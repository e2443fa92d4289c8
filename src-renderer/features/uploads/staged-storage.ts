/**
 * The staged list ("Ready to upload") kept across a reload of this tab: a browser tab is reloaded far more often
 * than a desktop window, and losing a hand-picked list is costly. Paths only — the batch's details deliberately
 * start empty after a reload (see add-store), and nothing here is secret. sessionStorage, so it leaves with the tab.
 */
const KEY = 'pathomiq.staged';
/** As many as queue.add takes in one call; anything else in storage is not ours to trust. */
const MAX_PATHS = 100_000;
const MAX_PATH_LENGTH = 4096;

/** The part of Web Storage used here (declared, so tests type-check without the DOM library). */
export interface PathStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function sessionStore(): PathStorage | undefined {
  try {
    return (globalThis as { sessionStorage?: PathStorage }).sessionStorage;
  } catch {
    // Storage refused (privacy settings): the list lives in memory only.
    return undefined;
  }
}

/** The saved list; [] when there is none or it is not a list of paths. */
export function readStagedPaths(storage: PathStorage | undefined = sessionStore()): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed) || parsed.length > MAX_PATHS) return [];
    return parsed.filter(
      (item): item is string => typeof item === 'string' && item.length > 0 && item.length <= MAX_PATH_LENGTH,
    );
  } catch {
    return [];
  }
}

export function writeStagedPaths(
  paths: readonly string[],
  storage: PathStorage | undefined = sessionStore(),
): void {
  try {
    if (paths.length === 0) storage?.removeItem(KEY);
    else storage?.setItem(KEY, JSON.stringify(paths));
  } catch {
    // Quota exceeded: the list still works, it just will not survive a reload.
  }
}
