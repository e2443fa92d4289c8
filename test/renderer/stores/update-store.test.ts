import { describe, expect, it } from 'vitest';
import { routeEvent } from '../../../src-renderer/stores/event-router.js';
import { useUpdateStore } from '../../../src-renderer/stores/update-store.js';

describe('update status from the desktop shell', () => {
  it('keeps the latest status for the Settings screen', () => {
    expect(useUpdateStore.getState().status).toBeNull();
    routeEvent({ type: 'update-status', status: { state: 'downloading', version: '2.0.0', percent: 42 } });
    routeEvent({ type: 'update-status', status: { state: 'ready', version: '2.0.0' } });
    expect(useUpdateStore.getState().status).toEqual({ state: 'ready', version: '2.0.0' });
  });
});
