import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../../../src-main/app/load-settings.js';
import type { SettingsPort } from '../../../src-main/app/types.js';
import { openSettingsStore } from '../../../src-main/electron/open-store.js';
import {
  createSettingsAccess,
  ENCRYPTED_TOKEN_KEY,
  SETTINGS_KEY,
} from '../../../src-main/electron/settings-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

vi.mock('electron', () => import('./fake-electron.js'));

/** The real electron-store (its ajv schema check at open included) on a real file; only `electron` is faked. */
describe('the desktop settings file, opened by electron-store', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());
  const userData = async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    return temp.dir;
  };
  const portOf = (access: ReturnType<typeof createSettingsAccess>): SettingsPort => ({
    tokenStorage: 'keychain',
    load: async () => access.load(),
    save: async (settings) => void access.save(settings),
    readToken: async () => undefined,
    writeToken: async () => undefined,
  });

  it('a file that no longer matches the schema loses only its bad value, and says so', async () => {
    const dir = await userData();
    const original = JSON.stringify({
      [SETTINGS_KEY]: {
        settingsVersion: 2,
        useSandbox: false,
        serverUrl: 'https://pathomiq.example.org/api',
        userId: 7,
        limitRate: 'five',
      },
      [ENCRYPTED_TOKEN_KEY]: 'c2VjcmV0',
    });
    await writeFile(path.join(dir, 'settings.json'), original);

    const { store, recoveredSettings } = openSettingsStore(dir);
    // The file as it was is kept beside the new one, never deleted.
    const aside = (await readdir(dir)).filter((name) => /^settings\.invalid-\d+\.json$/.test(name));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toBe(original);
    // The signed-in token survives.
    expect(store.get(ENCRYPTED_TOKEN_KEY)).toBe('c2VjcmV0');

    const loaded = await loadSettings(portOf(createSettingsAccess(store, recoveredSettings)));
    expect(loaded.settings).toMatchObject({
      useSandbox: false,
      serverUrl: 'https://pathomiq.example.org/api',
      userId: 7,
      limitRate: null,
    });
    expect(loaded.warning).toMatch(/^Some saved settings could not be used \(limitRate: .*\)/);

    // Saved as salvaged: the next start opens the file as it is, without a warning.
    const again = openSettingsStore(dir);
    expect(again.recoveredSettings).toBeUndefined();
    const reloaded = await loadSettings(portOf(createSettingsAccess(again.store)));
    expect(reloaded.warning).toBeNull();
    expect(reloaded.settings).toMatchObject({ serverUrl: 'https://pathomiq.example.org/api', userId: 7 });
  });

  it('a file that is not JSON is set aside and the app starts with defaults', async () => {
    const dir = await userData();
    await writeFile(path.join(dir, 'settings.json'), '{ "settings": { "useSandbox": fal');
    const { store, recoveredSettings } = openSettingsStore(dir);
    expect(recoveredSettings).toBeUndefined();
    expect(store.get(SETTINGS_KEY)).toBeUndefined();
    expect((await readdir(dir)).some((name) => name.startsWith('settings.invalid-'))).toBe(true);
  });
});
