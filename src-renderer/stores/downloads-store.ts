import { create } from 'zustand';
import type { DownloadProgress } from '../../src-shared/app/index.js';

export interface DownloadsState {
  /** Keyed by downloadId. */
  downloads: Record<string, DownloadProgress>;
  update(progress: DownloadProgress): void;
  dismiss(downloadId: string): void;
}

/** Image downloads in progress and finished this session (the Images screen shows them). */
export const useDownloadsStore = create<DownloadsState>()((set) => ({
  downloads: {},
  update(progress) {
    set((state) => ({ downloads: { ...state.downloads, [progress.downloadId]: progress } }));
  },
  dismiss(downloadId) {
    set((state) => {
      const { [downloadId]: _gone, ...downloads } = state.downloads;
      return { downloads };
    });
  },
}));

export function resetDownloadsStore(): void {
  useDownloadsStore.setState({ downloads: {} });
}
