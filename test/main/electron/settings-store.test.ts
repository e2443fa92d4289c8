import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { appSettingsSchema } from '../../../src-shared/app/index.js';
import {
  createSettingsAccess,
  ENCRYPTED_TOKEN_KEY,
  SETTINGS_KEY,
  storeSchema,
} from '../../../src-main/electron/settings-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

// electron-store is conf plus Electron's paths: conf with the same schema is what it validates with.
describe('settings store schema (conf/ajv, as electron-store uses it)', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  const openStore = async (): Promise<Conf<Record<string, unknown>>> => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    return new Conf<Record<string, unknown>>({
      cwd: temp.dir,
      projectName: 'pathomiq-test',
      schema: storeSchema,
    });
  };

  it('accepts default and edited settings and round-trips them', async () => {
    const store = await openStore();
    const access = createSettingsAccess(store);
    expect(access.load()).toBeUndefined();
    access.save(appSettingsSchema.parse({}));
    const edited = appSettingsSchema.parse({
      useSandbox: false,
      serverUrl: 'https://pathomiq.example.org/api',
      userId: 7,
      limitRate: 4096,
      downloadDir: '/tmp/dl',
    });
    access.save(edited);
    expect(access.load()).toEqual(edited);
  });

  it('still opens settings saved with the upload details older versions remembered', async () => {
    const store = await openStore();
    // Written past the access layer, as an earlier version left it; the schema must not refuse the file.
    store.set(SETTINGS_KEY, { ...appSettingsSchema.parse({}), uploadDefaults: { patient_id: 12 } });
    const loaded = appSettingsSchema.parse(createSettingsAccess(store).load());
    expect(loaded).not.toHaveProperty('uploadDefaults');
  });

  it('refuses invalid settings before they are written', async () => {
    const store = await openStore();
    const access = createSettingsAccess(store);
    expect(() => access.save({ ...appSettingsSchema.parse({}), fileConcurrency: 99 })).toThrow();
    expect(() => access.save({ serverUrl: 'javascript:alert(1)' })).toThrow();
    expect(access.load()).toBeUndefined();
  });

  it('the schema itself rejects bad values written past the access layer', async () => {
    const store = await openStore();
    expect(() => store.set(SETTINGS_KEY, { fileConcurrency: 99 })).toThrow(/schema/i);
    expect(() => store.set(ENCRYPTED_TOKEN_KEY, 42)).toThrow(/schema/i);
  });
});
