import { create } from 'zustand';
import type { AppScreen } from '../../src-shared/app/index.js';

export const SCREENS = [
  'uploads',
  'watch-folders',
  'images',
  'settings',
] as const satisfies readonly AppScreen[];
export type Screen = AppScreen;

export const SCREEN_TITLES: Record<Screen, string> = {
  uploads: 'Uploads',
  'watch-folders': 'Watch folders',
  images: 'Images',
  settings: 'Settings',
};

interface NavState {
  screen: Screen;
  /**
   * Set by a screen holding edits that are not saved (Settings): while true, leaving it does not happen at once
   * but asks first, so the edits are never dropped silently.
   */
  holdsUnsaved: boolean;
  /** Where the user asked to go while the screen held unsaved edits; the screen asks Save / Discard / Stay. */
  pending: Screen | null;
  go(screen: Screen): void;
  setHoldsUnsaved(holds: boolean): void;
  /** After Save or Discard: goes where the user asked, without asking again. */
  proceed(): void;
  /** Stay: the request to leave is dropped, the edits stay. */
  stay(): void;
}

/** Which screen is showing; any component may switch (e.g. the "sign in again" banner opens Settings). */
export const useNavStore = create<NavState>()((set, get) => ({
  screen: 'uploads',
  holdsUnsaved: false,
  pending: null,
  go(screen) {
    const state = get();
    if (screen === state.screen) return;
    if (state.holdsUnsaved) set({ pending: screen });
    else set({ screen, pending: null });
  },
  setHoldsUnsaved(holdsUnsaved) {
    set({ holdsUnsaved });
  },
  proceed() {
    const { pending } = get();
    set({ holdsUnsaved: false, pending: null, ...(pending ? { screen: pending } : {}) });
  },
  stay() {
    set({ pending: null });
  },
}));
