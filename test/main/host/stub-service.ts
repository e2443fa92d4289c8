import {
  AppCommandError,
  COMMAND_NAMES,
  type AppEvent,
  type AppHandlers,
  type AppStatus,
} from '../../../src-shared/app/index.js';
import type { AppService } from '../../../src-main/app/types.js';

export const STUB_STATUS: AppStatus = {
  version: '0.0.0-test',
  host: 'browser',
  server: { label: 'Stub', url: 'http://127.0.0.1:1/', sandbox: false },
  userId: 19,
  hold: null,
  problem: null,
};

export interface StubService extends AppService {
  emit(event: AppEvent): void;
  readonly listenerCount: number;
  readonly closed: boolean;
}

/**
 * A canned AppService for transport tests: the host's job is moving frames, not uploading. Commands not given
 * here fail with a recognisable message.
 */
export function createStubService(): StubService {
  const listeners = new Set<(event: AppEvent) => void>();
  let closed = false;
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async () => {
        throw new AppCommandError(`${name} is not part of this stub`);
      },
    ]),
  ) as unknown as AppHandlers;
  handlers['app.status'] = async () => STUB_STATUS;
  handlers['images.list'] = async ({ scope }) => (scope === 'mine' ? [] : []);
  handlers['queue.pause'] = async () => undefined;
  handlers['logs.list'] = async () => {
    throw new Error('server said no');
  };
  return {
    handlers,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: async () => undefined,
    close: async () => {
      closed = true;
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
    get listenerCount() {
      return listeners.size;
    },
    get closed() {
      return closed;
    },
  };
}
