import { create } from 'zustand';
import type { UpdateStatus } from '../../src-shared/app/index.js';

interface UpdateState {
  /** null: not told (the browser host has no self-update). */
  status: UpdateStatus | null;
  setStatus(status: UpdateStatus): void;
}

/** Where the desktop app's self-update stands, as the Electron shell last said (shown in Settings). */
export const useUpdateStore = create<UpdateState>()((set) => ({
  status: null,
  setStatus(status) {
    set({ status });
  },
}));
