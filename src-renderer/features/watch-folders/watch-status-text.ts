import type { WatchFolderView } from '../../../src-shared/watcher/index.js';
import type { Tone } from '../../ui/tone.js';

/** A folder's status as a badge and words. */
export function watchStatusText(folder: WatchFolderView): { label: string; tone: Tone } {
  if (!folder.enabled) return { label: 'Off', tone: 'neutral' };
  switch (folder.status) {
    case 'starting':
      return { label: 'Starting', tone: 'info' };
    case 'scanning':
      return { label: 'Scanning', tone: 'info' };
    case 'watching':
      return { label: 'Watching', tone: 'success' };
    case 'paused':
      return { label: 'Paused', tone: 'neutral' };
    case 'unreachable':
      return { label: 'Unreachable', tone: 'danger' };
    case 'error':
      return { label: 'Problem', tone: 'danger' };
  }
}

export const AFTER_UPLOAD_TEXT = {
  leave: 'Leave files where they are',
  move: 'Move into a subfolder',
  delete: 'Delete the original',
} as const;
