import { create } from 'zustand';
import type { WatchFileOutcome, WatchFolderView } from '../../src-shared/watcher/index.js';

export interface WatchFileActivity {
  path: string;
  outcome: WatchFileOutcome;
  message: string;
  at: number;
}

export interface WatchState {
  folders: Record<number, WatchFolderView>;
  order: number[];
  /** The latest file events per folder, newest first (a few, for the folder's detail line). */
  activity: Record<number, WatchFileActivity[]>;
  /** Counts each folder's file events: an open history reloads when its folder's count moves. */
  revision: Record<number, number>;
  loaded: boolean;
  loadError: string | null;

  load(folders: WatchFolderView[]): void;
  setLoadError(message: string | null): void;
  upsert(folder: WatchFolderView): void;
  remove(folderId: number): void;
  recordFile(folderId: number, activity: WatchFileActivity): void;
}

export const MAX_ACTIVITY = 5;

const initial = {
  folders: {},
  order: [],
  activity: {},
  revision: {},
  loaded: false,
  loadError: null,
} satisfies Partial<WatchState>;

/** Watch folders and what they last did, as the watcher reports it. */
export const useWatchStore = create<WatchState>()((set) => ({
  ...initial,
  load(list) {
    const folders: Record<number, WatchFolderView> = {};
    for (const folder of list) folders[folder.id] = folder;
    set({ folders, order: list.map((folder) => folder.id), loaded: true, loadError: null });
  },
  setLoadError(message) {
    set({ loadError: message });
  },
  upsert(folder) {
    set((state) => ({
      folders: { ...state.folders, [folder.id]: folder },
      order: folder.id in state.folders ? state.order : [...state.order, folder.id],
    }));
  },
  remove(folderId) {
    set((state) => {
      const { [folderId]: _folder, ...folders } = state.folders;
      const { [folderId]: _activity, ...activity } = state.activity;
      const { [folderId]: _revision, ...revision } = state.revision;
      return { folders, activity, revision, order: state.order.filter((id) => id !== folderId) };
    });
  },
  recordFile(folderId, entry) {
    set((state) => ({
      activity: {
        ...state.activity,
        [folderId]: [entry, ...(state.activity[folderId] ?? [])].slice(0, MAX_ACTIVITY),
      },
      revision: { ...state.revision, [folderId]: (state.revision[folderId] ?? 0) + 1 },
    }));
  },
}));

export function resetWatchStore(): void {
  useWatchStore.setState(initial);
}

/** Folders that need someone to look at them (the sidebar's red count). */
export function watchProblemCount(folders: Record<number, WatchFolderView>): number {
  return Object.values(folders).filter(
    (folder) => folder.enabled && (folder.status === 'unreachable' || folder.status === 'error'),
  ).length;
}
