import { create } from 'zustand';
import type { AddOutcome } from '../../../src-shared/app/index.js';
import type { MetadataDraft } from './metadata-draft.js';

interface AddState {
  /** Files and folders picked, dropped or typed, waiting for "Upload". */
  staged: string[];
  /** null until the settings arrive (then filled from the remembered defaults). */
  draft: MetadataDraft | null;
  force: boolean;
  /** What became of the last batch handed to the queue. */
  results: AddOutcome[] | null;
  stage(paths: string[]): void;
  unstage(path: string): void;
  clearStaged(): void;
  setDraft(draft: MetadataDraft): void;
  setForce(force: boolean): void;
  setResults(results: AddOutcome[] | null): void;
}

/** The "add slides" form, kept while the user visits other screens. */
export const useAddStore = create<AddState>()((set) => ({
  staged: [],
  draft: null,
  force: false,
  results: null,
  stage(paths) {
    set((state) => ({ staged: [...new Set([...state.staged, ...paths])] }));
  },
  unstage(path) {
    set((state) => ({ staged: state.staged.filter((item) => item !== path) }));
  },
  clearStaged() {
    set({ staged: [] });
  },
  setDraft(draft) {
    set({ draft });
  },
  setForce(force) {
    set({ force });
  },
  setResults(results) {
    set({ results });
  },
}));
