import type { AppEvent, AppSettings, CommandName, DispatchResult } from '../../src-shared/app/index.js';
import {
  fromEngineSchema,
  type EngineStartOptions,
  type MessagePipe,
  type SettingsRequest,
} from './engine-protocol.js';
import type { SettingsAccess } from './settings-store.js';
import type { TokenStore } from './token-store.js';

/** The engine process as the main process sees it (a UtilityProcess, adapted in engine-launch.ts). */
export interface EngineChannel extends MessagePipe {
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface EngineHostDeps {
  settings: SettingsAccess;
  tokens: TokenStore;
  onEvent(event: AppEvent): void;
  onSettingsSaved(settings: AppSettings): void;
}

export interface EngineHost {
  /** Resolves once the service has started (settings loaded, sandbox or server connected). */
  start(options: EngineStartOptions): Promise<void>;
  request(name: CommandName, args: unknown): Promise<DispatchResult>;
  /** Asks the engine to close (jobs stay resumable); kills it if it has not within `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

const failed = (message: string): DispatchResult => ({ ok: false, error: { code: 'failed', message } });

/**
 * The main process's end of the engine process: commands out, responses and events in, and the settings store
 * served to the child. Every message from the child is parsed; anything else is dropped.
 */
export function createEngineHost(channel: EngineChannel, deps: EngineHostDeps): EngineHost {
  const pending = new Map<number, (result: DispatchResult) => void>();
  let nextId = 1;
  let exited = false;
  let started: { resolve(): void; reject(error: Error): void } | null = null;
  let stopped: (() => void) | null = null;

  const answerSettings = (message: SettingsRequest): void => {
    const reply = (value: unknown): void =>
      channel.postMessage({ kind: 'settings-reply', id: message.id, ok: true, value });
    try {
      switch (message.op) {
        case 'load':
          return reply(deps.settings.load());
        case 'save': {
          const saved = deps.settings.save(message.settings);
          deps.onSettingsSaved(saved);
          return reply(null);
        }
        case 'readToken':
          return reply(deps.tokens.read() ?? null);
        case 'writeToken':
          deps.tokens.write(message.token);
          return reply(null);
      }
    } catch (error) {
      // The reason only: never the value that failed (it may be the token).
      const reason = error instanceof Error ? error.message.split('\n')[0] : 'failed';
      channel.postMessage({
        kind: 'settings-reply',
        id: message.id,
        ok: false,
        message: `Settings ${message.op}: ${reason}`,
      });
    }
  };

  channel.onMessage((raw) => {
    const parsed = fromEngineSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.kind) {
      case 'started':
        started?.resolve();
        return;
      case 'start-failed':
        started?.reject(new Error(message.message));
        return;
      case 'response': {
        const settle = pending.get(message.id);
        pending.delete(message.id);
        settle?.(message.result as DispatchResult);
        return;
      }
      case 'event':
        deps.onEvent(message.event as AppEvent);
        return;
      case 'settings-request':
        answerSettings(message);
        return;
      case 'stopped':
        stopped?.();
        return;
    }
  });

  channel.onExit((code) => {
    exited = true;
    started?.reject(new Error(`The upload engine exited (code ${code}) before it started.`));
    for (const settle of pending.values()) settle(failed('The upload engine stopped. Restart the app.'));
    pending.clear();
    stopped?.();
  });

  return {
    start: (options) =>
      new Promise<void>((resolve, reject) => {
        started = { resolve, reject };
        channel.postMessage({ kind: 'start', options });
      }),

    request: (name, args) => {
      if (exited) return Promise.resolve(failed('The upload engine stopped. Restart the app.'));
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        channel.postMessage({ kind: 'request', id, name, args });
      });
    },

    stop: async (timeoutMs) => {
      if (exited) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        stopped = () => {
          clearTimeout(timer);
          resolve();
        };
        channel.postMessage({ kind: 'stop' });
      });
      if (!exited) channel.kill();
    },
  };
}
