import Conf from 'conf';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTINGS_VERSION } from '../../../src-shared/app/index.js';
import { MiB } from '../../../src-shared/units/index.js';
import { createFileSettingsPort } from '../../../src-main/app/file-settings-port.js';
import { loadSettings } from '../../../src-main/app/load-settings.js';
import type { SettingsPort } from '../../../src-main/app/types.js';
import {
  createSettingsAccess,
  SETTINGS_KEY,
  storeSchema,
} from '../../../src-main/electron/settings-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const OLD_FIVE_MB = 5_000_000;

describe('stored bandwidth limit: decimal MB/s → binary MiB/s, once', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  /** The browser host's real settings file (conf's app-settings.json) with `stored` in it. */
  const fileWith = async (stored: Record<string, unknown> | null) => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const file = path.join(temp.dir, 'app-settings.json');
    if (stored !== null) await writeFile(file, JSON.stringify(stored, null, '\t'));
    const onDisk = async () => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return { dir: temp.dir, file, onDisk };
  };

  it('converts an old limit to the same number in MiB/s, saves it with the version, and says so once', async () => {
    const { dir, onDisk } = await fileWith({
      useSandbox: false,
      serverUrl: 'https://p.example.org/api',
      userId: 7,
      limitRate: OLD_FIVE_MB,
    });

    const first = await loadSettings(createFileSettingsPort(dir));
    expect(first.settings.limitRate).toBe(5 * MiB);
    expect(first.settings.limitRate).toBe(5_242_880);
    expect(first.limitRateNote).toMatch(/^Your upload limit of 5 MB\/s is now 5 MiB\/s/);
    expect(first.problem).toBeNull();
    expect(first.warning).toBeNull();
    // The rest is as it was; the file now carries the new value and the version.
    expect(first.settings).toMatchObject({
      useSandbox: false,
      serverUrl: 'https://p.example.org/api',
      userId: 7,
    });
    expect(await onDisk()).toMatchObject({
      limitRate: 5_242_880,
      settingsVersion: SETTINGS_VERSION,
      userId: 7,
    });

    // Recorded: the next start neither converts again nor repeats the note.
    const second = await loadSettings(createFileSettingsPort(dir));
    expect(second.settings.limitRate).toBe(5_242_880);
    expect(second.limitRateNote).toBeNull();
  });

  it('keeps fractions as typed: 2.5 MB/s becomes 2.5 MiB/s', async () => {
    const { dir } = await fileWith({ limitRate: 2_500_000 });
    const loaded = await loadSettings(createFileSettingsPort(dir));
    expect(loaded.settings.limitRate).toBe(Math.round(2.5 * MiB));
    expect(loaded.limitRateNote).toMatch(/^Your upload limit of 2\.5 MB\/s is now 2\.5 MiB\/s/);
  });

  it('leaves already-migrated settings untouched, file and all', async () => {
    // A user who set exactly 5,000,000 B/s after the change (4.768 MiB/s) must keep it.
    const { dir, file } = await fileWith({
      settingsVersion: SETTINGS_VERSION,
      limitRate: OLD_FIVE_MB,
      userId: 3,
    });
    const before = await readFile(file, 'utf8');
    const loaded = await loadSettings(createFileSettingsPort(dir));
    expect(loaded.settings.limitRate).toBe(OLD_FIVE_MB);
    expect(loaded.limitRateNote).toBeNull();
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('an unmarked limit that is already binary (no whole kilobytes) keeps its value; the version is recorded', async () => {
    const { dir, onDisk } = await fileWith({ limitRate: 5 * MiB });
    const loaded = await loadSettings(createFileSettingsPort(dir));
    expect(loaded.settings.limitRate).toBe(5 * MiB);
    expect(loaded.limitRateNote).toBeNull();
    expect(await onDisk()).toMatchObject({ limitRate: 5 * MiB, settingsVersion: SETTINGS_VERSION });
  });

  it('no limit: nothing to convert, no note; no file at all stays no file', async () => {
    const stored = await fileWith({ userId: 4 });
    const loaded = await loadSettings(createFileSettingsPort(stored.dir));
    expect(loaded.settings.limitRate).toBeNull();
    expect(loaded.limitRateNote).toBeNull();
    expect(await stored.onDisk()).toMatchObject({
      userId: 4,
      settingsVersion: SETTINGS_VERSION,
      limitRate: null,
    });
    await cleanup?.();

    const none = await fileWith(null);
    const fresh = await loadSettings(createFileSettingsPort(none.dir));
    expect(fresh.settings.limitRate).toBeNull();
    expect(fresh.limitRateNote).toBeNull();
    await expect(readFile(none.file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('a corrupt limit is not guessed at: no limit for now, the other settings kept, the file untouched, a clear error', async () => {
    const { dir, file } = await fileWith({ userId: 7, fileConcurrency: 2, limitRate: '5 MB' });
    const before = await readFile(file, 'utf8');
    const loaded = await loadSettings(createFileSettingsPort(dir));
    expect(loaded.settings.limitRate).toBeNull();
    expect(loaded.settings).toMatchObject({ userId: 7, fileConcurrency: 2 });
    expect(loaded.warning).toBeNull();
    expect(loaded.problem).toBe(
      'The saved upload limit ("5 MB") is not a number of bytes per second, so no limit applies for now. ' +
        'Enter the limit again in Settings (MiB/s) and save.',
    );
    expect(loaded.limitRateNote).toBe(loaded.problem);
    // Kept safe: the stored value is still there to look at, and the conversion was not recorded.
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('migrates the desktop app’s electron-store file (conf with the same schema) the same way', async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    await writeFile(
      path.join(temp.dir, 'settings.json'),
      JSON.stringify({
        [SETTINGS_KEY]: { useSandbox: true, limitRate: 10_000_000 },
        encryptedToken: 'c2VjcmV0',
      }),
    );
    const open = () =>
      new Conf<Record<string, unknown>>({
        cwd: temp.dir,
        configName: 'settings',
        projectName: 'pathomiq-test',
        schema: storeSchema,
      });
    const port = (store: Conf<Record<string, unknown>>): SettingsPort => {
      const access = createSettingsAccess(store);
      return {
        tokenStorage: 'keychain',
        load: async () => access.load(),
        save: async (settings) => void access.save(settings),
        readToken: async () => undefined,
        writeToken: async () => undefined,
      };
    };

    const first = await loadSettings(port(open()));
    expect(first.settings.limitRate).toBe(10 * MiB);
    expect(first.limitRateNote).toMatch(/^Your upload limit of 10 MB\/s is now 10 MiB\/s/);
    const onDisk = JSON.parse(await readFile(path.join(temp.dir, 'settings.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(onDisk[SETTINGS_KEY]).toMatchObject({ limitRate: 10 * MiB, settingsVersion: SETTINGS_VERSION });
    // The token's key is not touched.
    expect(onDisk['encryptedToken']).toBe('c2VjcmV0');

    const second = await loadSettings(port(open()));
    expect(second.settings.limitRate).toBe(10 * MiB);
    expect(second.limitRateNote).toBeNull();
  });
});
