import { create } from 'zustand';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  title: string;
  body: string;
  /** How long it stays before it goes away by itself; null keeps it until dismissed. */
  timeoutMs: number | null;
  /** Toasts of one group share a single toast that counts them, e.g. "12 slides uploaded". */
  group?: string;
  /** How many notifications a grouped toast stands for. */
  count: number;
  /** Bumped when a grouped toast is updated, so its timer starts again. */
  revision: number;
  /** The technical words behind a failure, behind a "Details" disclosure; absent when there are none. */
  detail?: string;
}

export type ToastInput = Pick<Toast, 'level' | 'title' | 'body'> & {
  timeoutMs?: number | null;
  detail?: string | null | undefined;
};

/** Builds a grouped toast's words from how many it stands for, e.g. (3) → "3 slides uploaded". */
export type GroupedToastInput = (count: number) => ToastInput;

interface NotificationsState {
  toasts: Toast[];
  /** Events already shown (e.g. "job 12 failed") and their toast, so a second report of one event adds none. */
  shown: ReadonlyMap<string, number>;
  push(toast: ToastInput): number;
  /**
   * Shows the toast unless one for the same event (`key`) was shown already. A later report that carries the
   * technical detail the first lacked fills in that toast (same id) rather than adding another.
   */
  pushOnce(key: string, toast: ToastInput): number;
  /** The event is over (the job left that state): a later one with the same key is news again. */
  forget(key: string): void;
  /** Adds one to the group's toast (or starts it) and rewords it. */
  pushGrouped(group: string, toast: GroupedToastInput): number;
  dismiss(id: number): void;
  clear(): void;
}

/** Most toasts shown at once; older ones give way (the queue and lists keep the full story). */
export const MAX_TOASTS = 5;

/**
 * Errors stay until dismissed (they ask for something to be done); everything else is a brief confirmation
 * that should not sit over the content.
 */
export function defaultTimeoutMs(level: ToastLevel): number | null {
  if (level === 'error') return null;
  return level === 'warning' ? 8_000 : 4_000;
}

let nextToastId = 1;

const build = (input: ToastInput, id: number, count: number, group?: string): Toast => ({
  level: input.level,
  title: input.title,
  body: input.body,
  timeoutMs: input.timeoutMs === undefined ? defaultTimeoutMs(input.level) : input.timeoutMs,
  id,
  count,
  revision: count,
  ...(group === undefined ? {} : { group }),
  ...(input.detail ? { detail: input.detail } : {}),
});

/** Short messages for the corner of the window: command failures, finished uploads, notices from the engine. */
export const useNotificationsStore = create<NotificationsState>()((set, get) => ({
  toasts: [],
  shown: new Map<string, number>(),
  pushOnce(key, toast) {
    const earlier = get().shown.get(key);
    if (earlier === undefined) {
      const id = get().push(toast);
      set((state) => ({ shown: new Map(state.shown).set(key, id) }));
      return id;
    }
    const existing = get().toasts.find((item) => item.id === earlier);
    if (existing && !existing.detail && toast.detail) {
      const updated = { ...build(toast, existing.id, existing.count), revision: existing.revision };
      set((state) => ({ toasts: state.toasts.map((item) => (item.id === earlier ? updated : item)) }));
    }
    return earlier;
  },
  forget(key) {
    if (!get().shown.has(key)) return;
    set((state) => {
      const shown = new Map(state.shown);
      shown.delete(key);
      return { shown };
    });
  },
  push(toast) {
    const id = nextToastId++;
    set((state) => ({ toasts: [...state.toasts, build(toast, id, 1)].slice(-MAX_TOASTS) }));
    return id;
  },
  pushGrouped(group, toast) {
    const existing = get().toasts.find((item) => item.group === group);
    if (!existing) {
      const id = nextToastId++;
      set((state) => ({ toasts: [...state.toasts, build(toast(1), id, 1, group)].slice(-MAX_TOASTS) }));
      return id;
    }
    const count = existing.count + 1;
    const updated = build(toast(count), existing.id, count, group);
    set((state) => ({ toasts: state.toasts.map((item) => (item.id === existing.id ? updated : item)) }));
    return existing.id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
  clear() {
    set({ toasts: [], shown: new Map<string, number>() });
  },
}));

/** Shortcut for components and the event router. */
export const notify = (toast: ToastInput): number => useNotificationsStore.getState().push(toast);
