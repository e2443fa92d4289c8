import { create } from 'zustand';
import type { AppStatus, SettingsView } from '../../src-shared/app/index.js';
import type { ConnectionChange } from '../platform/connection.js';

export interface StatusState {
  status: AppStatus | null;
  settings: SettingsView | null;
  connection: ConnectionChange;
  /** The first load failed (e.g. the uploader is not answering): what to tell the user. */
  loadError: string | null;

  setStatus(status: AppStatus): void;
  setSettings(settings: SettingsView): void;
  setConnection(connection: ConnectionChange): void;
  setLoadError(message: string | null): void;
}

const initial = {
  status: null,
  settings: null,
  connection: { state: 'connecting', reconnected: false, attempt: 0 },
  loadError: null,
} satisfies Partial<StatusState>;

/** Which server and user the app works with, its settings, and whether the UI is connected to it. */
export const useStatusStore = create<StatusState>()((set) => ({
  ...initial,
  setStatus(status) {
    set({ status });
  },
  setSettings(settings) {
    set({ settings });
  },
  setConnection(connection) {
    set({ connection });
  },
  setLoadError(message) {
    set({ loadError: message });
  },
}));

export function resetStatusStore(): void {
  useStatusStore.setState(initial);
}
