import type { BrowseEntry } from '../../../src-shared/app/browse.js';
import { plural } from '../../ui/format.js';

/** What the browser is opened for: slide files (Add files…), folders to search (Add folder…), one folder to watch. */
export type BrowseMode = 'files' | 'folders' | 'watch-folder';

export const TITLES: Record<BrowseMode, string> = {
  files: 'Add slide files',
  folders: 'Add folders',
  'watch-folder': 'Choose a folder to watch',
};

/** Files are chosen when adding files; folders otherwise. Broken links never. */
export function isSelectable(mode: BrowseMode, entry: BrowseEntry): boolean {
  if (entry.broken) return false;
  return mode === 'files' ? entry.kind === 'file' : entry.kind === 'folder';
}

/**
 * The confirm button's words and what it returns: the chosen rows, or — when choosing folders and none is
 * chosen — the folder being shown, so "open it, then confirm" works as in a native folder dialog.
 */
export function confirmAction(
  mode: BrowseMode,
  chosen: readonly string[],
  current: string | null,
): { label: string; paths: string[] } {
  if (mode === 'files')
    return {
      label: chosen.length ? `Add ${plural(chosen.length, 'file')}` : 'Add files',
      paths: [...chosen],
    };
  if (chosen.length > 0)
    return mode === 'watch-folder'
      ? { label: 'Choose folder', paths: [chosen[0]!] }
      : { label: `Add ${plural(chosen.length, 'folder')}`, paths: [...chosen] };
  return {
    label: mode === 'watch-folder' ? 'Choose this folder' : 'Add this folder',
    paths: current ? [current] : [],
  };
}

/** "Showing 500 of 20,000 items", with the hidden and capped notes, or null when everything is shown. */
export function countText(shown: number, total: number, capped: boolean): string | null {
  if (capped)
    return `Only the first ${total.toLocaleString('en-US')} items of this very large folder are listed; type a path in “Add by path” to reach the others.`;
  if (shown < total) return `Showing ${shown.toLocaleString('en-US')} of ${plural(total, 'item')}.`;
  return null;
}

/** The words beside a row's name: what kind of thing it is. */
export function kindText(entry: BrowseEntry): string {
  if (entry.broken) return 'Broken link';
  if (entry.kind === 'folder') return 'Folder';
  if (entry.multiFile) return 'Slide (with its parts)';
  return entry.slide ? 'Slide' : 'File';
}
