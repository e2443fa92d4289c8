import { create } from 'zustand';

interface ActionEpochState {
  /** Counts actions started in the details panel; feedback older than the latest start is stale. */
  epoch: number;
  /** The control that started the latest action (the focused button), so its own section keeps its feedback. */
  origin: Element | null;
  begin(origin: Element | null): void;
}

/**
 * Which action the person started last. Feedback ("Shared with 19", an error) belongs to the action that made
 * it: when another one starts, earlier feedback elsewhere in the panel goes, so no old message reads as news.
 */
export const useActionEpoch = create<ActionEpochState>()((set) => ({
  epoch: 0,
  origin: null,
  begin(origin) {
    set((state) => ({ epoch: state.epoch + 1, origin }));
  },
}));
