import { describe, expect, it } from 'vitest';
import { appSettingsSchema, type AppEvent, type AppSettings } from '../../../src-shared/app/index.js';
import { createEngineHost } from '../../../src-main/electron/engine-host.js';
import type { EngineStartOptions } from '../../../src-main/electron/engine-protocol.js';
import { createSettingsAccess } from '../../../src-main/electron/settings-store.js';
import { createTokenStore } from '../../../src-main/electron/token-store.js';
import { enginePipe } from './engine-pipe.js';

const START: EngineStartOptions = {
  stateDir: '/state',
  version: '1.0.0',
  defaultDownloadDir: '/dl',
  tokenStorage: 'memory',
};
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The main process's engine host, with the test playing the engine process. */
function hostWithScriptedChild() {
  const pipe = enginePipe();
  const data = new Map<string, unknown>();
  const store = {
    get: (k: string) => data.get(k),
    set: (k: string, v: unknown) => data.set(k, v),
    delete: (k: string) => data.delete(k),
  };
  const events: AppEvent[] = [];
  const saved: AppSettings[] = [];
  const tokens = createTokenStore(store, {
    isEncryptionAvailable: () => false,
    encryptString: () => Buffer.alloc(0),
    decryptString: () => '',
  });
  const host = createEngineHost(pipe.channel, {
    settings: createSettingsAccess(store),
    tokens,
    onEvent: (event) => events.push(event),
    onSettingsSaved: (settings) => saved.push(settings),
  });
  return {
    host,
    pipe,
    data,
    events,
    saved,
    tokens,
    fromChild: (message: unknown) => pipe.child.postMessage(message),
  };
}

describe('engine host (main process side)', () => {
  it('starts, matches responses to requests, forwards events', async () => {
    const { host, pipe, events, fromChild } = hostWithScriptedChild();
    const started = host.start(START);
    await tick();
    expect(pipe.toChild).toEqual([{ kind: 'start', options: START }]);
    fromChild({ kind: 'started' });
    await started;

    const first = host.request('queue.list', undefined);
    const second = host.request('images.list', { scope: 'mine' });
    await tick();
    expect(pipe.toChild.slice(1)).toEqual([
      { kind: 'request', id: 1, name: 'queue.list', args: undefined },
      { kind: 'request', id: 2, name: 'images.list', args: { scope: 'mine' } },
    ]);
    fromChild({ kind: 'response', id: 2, result: { ok: true, result: ['img'] } });
    fromChild({ kind: 'response', id: 1, result: { ok: false, error: { code: 'failed', message: 'no' } } });
    expect(await second).toEqual({ ok: true, result: ['img'] });
    expect(await first).toEqual({ ok: false, error: { code: 'failed', message: 'no' } });

    fromChild({ kind: 'event', event: { type: 'queue-released' } });
    await tick();
    expect(events).toEqual([{ type: 'queue-released' }]);
  });

  it('ignores hostile or malformed messages from the child', async () => {
    const { host, events, data, fromChild } = hostWithScriptedChild();
    const pending = host.request('queue.list', undefined);
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      'started',
      [],
      { kind: 'nope' },
      { kind: 'response', id: 1 },
      { kind: 'response', id: 1, result: { ok: 'yes' } },
      { kind: 'response', id: -1, result: { ok: true, result: 1 } },
      { kind: 'response', id: 1, result: { ok: false, error: { code: 'rm -rf', message: 'x' } } },
      { kind: 'event', event: 'job-added' },
      { kind: 'event', event: { type: 42 } },
      { kind: 'event' },
      { kind: 'settings-request', id: 1, op: 'eval' },
      { kind: 'settings-request', id: 1, op: 'writeToken', token: 5 },
      { kind: 'settings-request', id: 'x', op: 'load' },
      { kind: 'settings-request', id: 1, op: 'writeToken', token: 'x'.repeat(20_000) },
      { __proto__: { kind: 'started' } },
    ];
    hostile.forEach(fromChild);
    await tick();
    expect(events).toEqual([]);
    expect(data.size).toBe(0);
    // An unknown id is ignored too; the real response still settles the request.
    fromChild({ kind: 'response', id: 999, result: { ok: true, result: 'stray' } });
    fromChild({ kind: 'response', id: 1, result: { ok: true, result: 'real' } });
    expect(await pending).toEqual({ ok: true, result: 'real' });
  });

  it('serves settings: validates saves, never echoes the token in errors', async () => {
    const { pipe, data, saved, tokens, fromChild } = hostWithScriptedChild();
    const replies = () => pipe.toChild.filter((m) => (m as { kind: string }).kind === 'settings-reply');

    fromChild({ kind: 'settings-request', id: 1, op: 'load' });
    fromChild({
      kind: 'settings-request',
      id: 2,
      op: 'save',
      settings: { ...appSettingsSchema.parse({}), fileConcurrency: 999 },
    });
    fromChild({
      kind: 'settings-request',
      id: 3,
      op: 'save',
      settings: appSettingsSchema.parse({ startAtLogin: true }),
    });
    fromChild({ kind: 'settings-request', id: 4, op: 'writeToken', token: 'secret-token' });
    fromChild({ kind: 'settings-request', id: 5, op: 'readToken' });
    await tick();
    await tick();

    const [load, badSave, goodSave, writeToken, readToken] = replies() as Array<Record<string, unknown>>;
    expect(load).toEqual({ kind: 'settings-reply', id: 1, ok: true, value: undefined });
    expect(badSave).toMatchObject({ kind: 'settings-reply', id: 2, ok: false });
    expect(goodSave).toEqual({ kind: 'settings-reply', id: 3, ok: true, value: null });
    expect(saved.map((s) => s.startAtLogin)).toEqual([true]);
    expect((data.get('settings') as AppSettings).startAtLogin).toBe(true);
    expect(writeToken).toMatchObject({ id: 4, ok: true });
    expect(readToken).toEqual({ kind: 'settings-reply', id: 5, ok: true, value: 'secret-token' });
    expect(tokens.read()).toBe('secret-token');
    expect(JSON.stringify([...data])).not.toContain('secret-token');
  });

  it('settles pending requests when the engine exits, and refuses later ones', async () => {
    const { host, pipe } = hostWithScriptedChild();
    const starting = host.start(START);
    const pending = host.request('queue.list', undefined);
    pipe.channel.exit(1);
    await expect(starting).rejects.toThrow(/exited/);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(await host.request('queue.list', undefined)).toMatchObject({ ok: false });
  });

  it('stop asks the engine to close, then kills it; kills after the timeout if it never answers', async () => {
    const polite = hostWithScriptedChild();
    const stopping = polite.host.stop(5000);
    await tick();
    expect(polite.pipe.toChild).toContainEqual({ kind: 'stop' });
    polite.fromChild({ kind: 'stopped' });
    await stopping;
    expect(polite.pipe.channel.killed).toBe(true);

    const stuck = hostWithScriptedChild();
    const started = Date.now();
    await stuck.host.stop(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(stuck.pipe.channel.killed).toBe(true);
  });
});
