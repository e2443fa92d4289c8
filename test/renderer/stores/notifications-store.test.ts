import { beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_TOASTS,
  defaultTimeoutMs,
  useNotificationsStore,
} from '../../../src-renderer/stores/notifications-store.js';

const store = () => useNotificationsStore.getState();

describe('notifications store', () => {
  beforeEach(() => store().clear());

  it('keeps errors until dismissed and lets confirmations go after a few seconds', () => {
    expect(defaultTimeoutMs('error')).toBeNull();
    expect(defaultTimeoutMs('success')).toBe(4_000);
    expect(defaultTimeoutMs('info')).toBe(4_000);
    expect(defaultTimeoutMs('warning')).toBeGreaterThan(4_000);
    store().push({ level: 'info', title: 'Pinned', body: '', timeoutMs: null });
    expect(store().toasts[0]?.timeoutMs).toBeNull();
  });

  it('rewords one toast per group and restarts its timer', () => {
    const words = (count: number) => ({ level: 'success' as const, title: `${count} done`, body: '' });
    const first = store().pushGrouped('g', words);
    const second = store().pushGrouped('g', words);
    expect(second).toBe(first);
    expect(store().toasts).toHaveLength(1);
    expect(store().toasts[0]).toMatchObject({ title: '2 done', count: 2, revision: 2 });
    store().dismiss(first);
    store().pushGrouped('g', words);
    expect(store().toasts[0]).toMatchObject({ title: '1 done', count: 1 });
  });

  it('shows at most a handful at once', () => {
    for (let i = 0; i < MAX_TOASTS + 3; i++) store().push({ level: 'error', title: `E${i}`, body: '' });
    expect(store().toasts).toHaveLength(MAX_TOASTS);
    expect(store().toasts[0]?.title).toBe(`E3`);
  });
});
