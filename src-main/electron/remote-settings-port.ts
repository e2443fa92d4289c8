import type { AppSettings } from '../../src-shared/app/index.js';
import type { SettingsPort } from '../app/types.js';
import type { MessagePipe, SettingsRequest } from './engine-protocol.js';

type Reply = { ok: true; value: unknown } | { ok: false; message: string };
type RequestBody = SettingsRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id' | 'kind'>
    : never
  : never;

/**
 * The engine process's SettingsPort: every call is a message to the main process, which owns electron-store and
 * safeStorage (neither is available in a utility process). `settle` is fed the main process's replies.
 */
export function createRemoteSettingsPort(
  pipe: MessagePipe,
  tokenStorage: SettingsPort['tokenStorage'],
): { port: SettingsPort; settle(id: number, reply: Reply): void } {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;

  const ask = (body: RequestBody): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      pipe.postMessage({ kind: 'settings-request', id, ...body });
    });

  const port: SettingsPort = {
    tokenStorage,
    load: () => ask({ op: 'load' }),
    save: async (settings: AppSettings) => {
      await ask({ op: 'save', settings });
    },
    readToken: async () => {
      const token = await ask({ op: 'readToken' });
      return typeof token === 'string' ? token : undefined;
    },
    writeToken: async (token) => {
      await ask({ op: 'writeToken', token });
    },
  };

  const settle = (id: number, reply: Reply): void => {
    const waiter = pending.get(id);
    if (waiter === undefined) return;
    pending.delete(id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(reply.message));
  };
  return { port, settle };
}
