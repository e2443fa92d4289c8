import Conf from 'conf';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppEvent, type AppStatus, type SettingsView } from '../../../src-shared/app/index.js';
import { createAppService, appErrorInfo } from '../../../src-main/app/index.js';
import { createEngineHost } from '../../../src-main/electron/engine-host.js';
import { serveEngine } from '../../../src-main/electron/engine-serve.js';
import { createSettingsAccess, storeSchema } from '../../../src-main/electron/settings-store.js';
import { createTokenStore } from '../../../src-main/electron/token-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { enginePipe } from './engine-pipe.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const keychain = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
  decryptString: (encrypted: Buffer) => Buffer.from(encrypted).reverse().toString('utf8'),
};

/**
 * The engine process's loop with the real app service (embedded sandbox), talking to the real engine host over an
 * in-process pipe, with the settings in conf (electron-store's core) and the token "encrypted".
 */
async function startEngine() {
  const temp = await makeTempDir('pathomiq-electron-');
  const pipe = enginePipe();
  const store = new Conf<Record<string, unknown>>({
    cwd: temp.dir,
    projectName: 'engine-test',
    schema: storeSchema,
  });
  const events: AppEvent[] = [];
  let stopped = false;
  serveEngine(
    pipe.child,
    (options) =>
      createAppService({
        ...options,
        tuning: { sandboxSpeed: 50, predictionPollMs: 50, retryBaseMs: 50, retryCapMs: 500 },
      }),
    { describeError: appErrorInfo, onStopped: () => (stopped = true) },
  );
  const host = createEngineHost(pipe.channel, {
    settings: createSettingsAccess(store),
    tokens: createTokenStore(store, keychain),
    onEvent: (event) => events.push(event),
    onSettingsSaved: () => {},
  });
  return { temp, pipe, store, host, events, isStopped: () => stopped };
}

describe('engine process loop (real app service)', () => {
  let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
  afterEach(async () => {
    if (engine !== undefined && !engine.isStopped()) await engine.host.stop(10_000);
    await engine?.temp.cleanup();
    engine = undefined;
  });

  it('refuses requests before start, then runs commands with the sandbox and stores settings through main', async () => {
    engine = await startEngine();
    const { host, store, events } = engine;
    expect(await host.request('queue.list', undefined)).toMatchObject({
      ok: false,
      error: { code: 'failed' },
    });

    await host.start({
      stateDir: path.join(engine.temp.dir, 'state'),
      version: '9.9.9',
      defaultDownloadDir: path.join(engine.temp.dir, 'dl'),
      tokenStorage: 'keychain',
    });
    const status = await host.request('app.status', undefined);
    expect(status.ok).toBe(true);
    expect((status as { result: AppStatus }).result).toMatchObject({ host: 'electron', version: '9.9.9' });
    expect((status as { result: AppStatus }).result.server.sandbox).toBe(true);

    expect(await host.request('queue.list', undefined)).toMatchObject({ ok: true, result: { jobs: [] } });
    expect(await host.request('images.list', { scope: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(await host.request('no.such' as never, undefined)).toMatchObject({
      ok: false,
      error: { code: 'unknown-command' },
    });
    expect(await host.request('platform.pickPaths', { kind: 'files' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/main process/) },
    });

    const updated = await host.request('settings.update', { fileConcurrency: 2 });
    expect(updated).toMatchObject({ ok: true, result: { fileConcurrency: 2, tokenStorage: 'keychain' } });
    expect((store.get('settings') as { fileConcurrency: number }).fileConcurrency).toBe(2);

    const withToken = await host.request('settings.setToken', { token: 'very-secret-token-value' });
    expect(withToken.ok).toBe(true);
    expect((withToken as { result: SettingsView }).result.hasToken).toBe(true);
    expect(JSON.stringify(withToken)).not.toContain('very-secret-token-value');
    expect(JSON.stringify(store.store)).not.toContain('very-secret-token-value');
    expect(typeof store.get('encryptedToken')).toBe('string');
    expect(JSON.stringify(events)).not.toContain('very-secret-token-value');
    expect(
      JSON.stringify(engine.pipe.toMain.filter((m) => (m as { kind: string }).kind !== 'settings-request')),
    ).not.toContain('very-secret-token-value');
  });

  it('ignores hostile messages from the main side and keeps serving', async () => {
    engine = await startEngine();
    const { pipe, host } = engine;
    for (const hostile of [
      null,
      'stop',
      { kind: 'STOP' },
      { kind: 'request', id: -5, name: 'queue.list' },
      { kind: 'request', id: 1, name: 'x'.repeat(1000) },
      { kind: 'settings-reply', id: 'a', ok: true },
      { kind: 'settings-reply', id: 1, ok: false },
      { kind: 'start', options: { stateDir: '' } },
      { kind: 'start', options: { stateDir: 42 } },
    ]) {
      pipe.channel.postMessage(hostile);
    }
    await tick();
    await tick();
    expect(engine.isStopped()).toBe(false);
    expect(pipe.toMain).toEqual([]);
    await host.start({
      stateDir: path.join(engine.temp.dir, 'state'),
      version: '1',
      defaultDownloadDir: path.join(engine.temp.dir, 'dl'),
      tokenStorage: 'memory',
    });
    expect(await host.request('watch.list', undefined)).toEqual({ ok: true, result: [] });
  });

  it('stop closes the service and reports stopped', async () => {
    engine = await startEngine();
    await engine.host.start({
      stateDir: path.join(engine.temp.dir, 'state'),
      version: '1',
      defaultDownloadDir: path.join(engine.temp.dir, 'dl'),
      tokenStorage: 'memory',
    });
    await engine.host.stop(10_000);
    expect(engine.isStopped()).toBe(true);
    expect(engine.pipe.toMain).toContainEqual({ kind: 'stopped' });
  });
});
