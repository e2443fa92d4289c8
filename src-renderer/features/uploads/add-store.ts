import { create } from 'zustand';
import type { AddOutcome, BatchMetadata } from '../../../src-shared/app/index.js';
import { emptyDraft, type MetadataDraft } from './metadata-draft.js';
import { readStagedPaths, writeStagedPaths } from './staged-storage.js';

interface AddState {
  /** Files and folders picked, dropped or typed, waiting for "Upload". */
  staged: string[];
  /** The details as typed; empty for every new batch unless `keep` is ticked. */
  draft: MetadataDraft;
  /** "Keep for the next batch": the user's explicit choice to describe the next slides the same way. */
  keep: boolean;
  /** The last batch's details when they were kept into this one, so the form can say so; otherwise null. */
  kept: BatchMetadata | null;
  force: boolean;
  /** What became of the last batch handed to the queue. */
  results: AddOutcome[] | null;
  stage(paths: string[]): void;
  unstage(path: string): void;
  clearStaged(): void;
  setDraft(draft: MetadataDraft): void;
  /** Empties every field (and forgets where kept values came from). */
  clearDraft(): void;
  setKeep(keep: boolean): void;
  setForce(force: boolean): void;
  setResults(results: AddOutcome[] | null): void;
  /** A batch went to the queue with `metadata`: the form starts the next one empty, or keeps it when asked to. */
  batchAdded(metadata: BatchMetadata, results: AddOutcome[]): void;
}

/**
 * The "add slides" form, kept while the user visits other screens. Details in memory only: a reload starts with
 * empty details and the pin off, so nothing from an earlier session can be applied to new slides unseen. The
 * staged paths survive a reload of the tab (staged-storage.ts).
 */
export const useAddStore = create<AddState>()((set) => ({
  staged: readStagedPaths(),
  draft: emptyDraft(),
  keep: false,
  kept: null,
  force: false,
  results: null,
  stage(paths) {
    // A new batch begins: the last batch's results (and their errors) are no longer news.
    set((state) => ({ staged: [...new Set([...state.staged, ...paths])], results: null }));
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
  clearDraft() {
    set({ draft: emptyDraft(), kept: null });
  },
  setKeep(keep) {
    set({ keep });
  },
  setForce(force) {
    set({ force });
  },
  setResults(results) {
    set({ results });
  },
  batchAdded(metadata, results) {
    set((state) =>
      state.keep
        ? { staged: [], results, kept: metadata }
        : { staged: [], results, draft: emptyDraft(), kept: null },
    );
  },
}));

useAddStore.subscribe((state, previous) => {
  if (state.staged !== previous.staged) writeStagedPaths(state.staged);
});

/** Back to a fresh start (tests). */
export function resetAddStore(): void {
  useAddStore.setState(useAddStore.getInitialState());
}
