import { create } from 'zustand';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  title: string;
  body: string;
  /** How long it stays before it goes away by itself; null keeps it until dismissed. */
  timeoutMs: number | null;
}

export type ToastInput = Omit<Toast, 'id' | 'timeoutMs'> & { timeoutMs?: number | null };

interface NotificationsState {
  toasts: Toast[];
  push(toast: ToastInput): number;
  dismiss(id: number): void;
  clear(): void;
}

/** Most toasts shown at once; older ones give way (the queue and lists keep the full story). */
export const MAX_TOASTS = 5;
let nextToastId = 1;

/** Short messages for the corner of the window: command failures, finished uploads, notices from the engine. */
export const useNotificationsStore = create<NotificationsState>()((set) => ({
  toasts: [],
  push(toast) {
    const id = nextToastId++;
    const timeoutMs =
      toast.timeoutMs === undefined ? (toast.level === 'error' ? 12_000 : 6_000) : toast.timeoutMs;
    set((state) => ({ toasts: [...state.toasts, { ...toast, id, timeoutMs }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
  clear() {
    set({ toasts: [] });
  },
}));

/** Shortcut for components and the event router. */
export const notify = (toast: ToastInput): number => useNotificationsStore.getState().push(toast);
