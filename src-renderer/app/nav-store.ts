import { create } from 'zustand';

export const SCREENS = ['uploads', 'watch', 'images', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  uploads: 'Uploads',
  watch: 'Watch folders',
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
