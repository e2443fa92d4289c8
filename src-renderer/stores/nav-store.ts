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
  go(screen: Screen): void;
}

/** Which screen is showing; any component may switch (e.g. the "sign in again" banner opens Settings). */
export const useNavStore = create<NavState>()((set) => ({
  screen: 'uploads',
  go(screen) {
    set({ screen });
  },
}));
