import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../helpers/ports.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

const SECRET = 'app-test-token-1234567890';

/** A port nothing listens on: bound, then released. */
describe('app service: settings and connection', () => {
  let sandbox: TestSandbox;
  const apps: TestApp[] = [];
  const open = async (options: Parameters<typeof startTestApp>[0] = {}) => {
    const app = await startTestApp(options);
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.dispose()));
  });
  afterAll(() => sandbox.dispose());

  it('first run: defaults, the embedded sandbox as user 19, and a working connection test', async () => {
    const app = await open();
    const settings = await app.send('settings.get');
    expect(settings).toMatchObject({ useSandbox: true, serverUrl: '', userId: null, hasToken: false });
    expect(settings.tokenStorage).toBe('memory');
    const status = await app.send('app.status');
    expect(status).toMatchObject({
      version: '0.0.0-test',
      host: 'browser',
      userId: 19,
      problem: null,
      hold: null,
    });
    expect(status.server).toMatchObject({ label: 'Embedded sandbox (test data only)', sandbox: true });
    expect(status.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await readdir(path.join(app.stateDir, 'sandbox'))).toContain('sandbox.sqlite');

    const test = await app.send('settings.testConnection', {});
    expect(test).toMatchObject({ ok: true, multipart: true });
    expect(test.message).toMatch(/^Connected to the embedded sandbox .*: 0 images for user 19; resumable/);
  });

  it('with sandboxDemo, the embedded sandbox of a first run holds example images to look at', async () => {
    const app = await open({ sandboxDemo: true });
    const mine = await app.send('images.list', { scope: 'mine' });
    expect(mine.map((image) => image.filename)).toContain('CASE-0001_prostate_core_A1.svs');
    const all = await app.send('images.list', { scope: 'all' });
    expect(new Set(all.map((image) => image.ownerId))).toEqual(new Set([19, 20, 21, 22]));
  });

  it('invalid or unreadable stored settings: defaults and a warning, never a crash', async () => {
    const invalid = await open({ stored: { useSandbox: 'yes', fileConcurrency: 99, partConcurrency: 3 } });
    // One bad value costs only itself: the valid ones are kept.
    expect(await invalid.send('settings.get')).toMatchObject({
      useSandbox: true,
      fileConcurrency: 4,
      partConcurrency: 3,
    });
    const warning = await invalid.waitForEvent('notification');
    expect(warning.level).toBe('warning');
    expect(warning.body).toMatch(
      /^Some saved settings could not be used \(useSandbox: .*; fileConcurrency: .*\), so they are back to their defaults; the others are kept\./,
    );
    // Saved as kept, so the next start neither warns again nor loses the valid values.
    expect(
      JSON.parse(await readFile(path.join(invalid.stateDir, 'app-settings.json'), 'utf8')),
    ).toMatchObject({ useSandbox: true, fileConcurrency: 4, partConcurrency: 3 });

    const damaged = await open({ storedText: '{ "useSandbox": fal' });
    expect((await damaged.waitForEvent('notification')).body).toMatch(/could not be read.*damaged-/);
    await damaged.send('settings.update', { fileConcurrency: 2 });
    expect(
      JSON.parse(await readFile(path.join(damaged.stateDir, 'app-settings.json'), 'utf8')),
    ).toMatchObject({ fileConcurrency: 2 });
  });

  it('upload details remembered by an earlier version are dropped, not offered to the next slides', async () => {
    const uploadDefaults = { patient_id: 12, description: 'Left breast core' };
    const app = await open({ stored: { fileConcurrency: 2, uploadDefaults } });
    const settings = await app.send('settings.get');
    expect(settings).toMatchObject({ fileConcurrency: 2 });
    expect(settings).not.toHaveProperty('uploadDefaults');
    await app.send('settings.update', { partConcurrency: 3 });
    const saved = await readFile(path.join(app.stateDir, 'app-settings.json'), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ fileConcurrency: 2, partConcurrency: 3 });
    expect(saved).not.toContain('uploadDefaults');
  });

  it('update changes only what it names, saves it, and says so in events', async () => {
    const app = await open();
    const view = await app.send('settings.update', { fileConcurrency: 2, limitRate: 1_000_000 });
    expect(view).toMatchObject({
      fileConcurrency: 2,
      limitRate: 1_000_000,
      useSandbox: true,
      partConcurrency: 4,
    });
    const saved = JSON.parse(await readFile(path.join(app.stateDir, 'app-settings.json'), 'utf8'));
    expect(saved).toMatchObject({ fileConcurrency: 2, limitRate: 1_000_000, useSandbox: true });
    expect((await app.waitForEvent('settings-changed')).settings.fileConcurrency).toBe(2);

    const refused = await app.dispatch('settings.update', { fileConcurrency: 0, serverUrl: 'ftp://x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect((await app.send('settings.get')).fileConcurrency).toBe(2);
  });

  it('the token is kept in memory: never in the settings view, the settings file or events', async () => {
    const app = await open();
    const view = await app.send('settings.setToken', { token: SECRET });
    expect(view.hasToken).toBe(true);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    await app.send('settings.update', { userId: 20 });
    const files = await readdir(app.stateDir);
    for (const file of files.filter((name) => name.endsWith('.json')))
      expect(await readFile(path.join(app.stateDir, file), 'utf8')).not.toContain(SECRET);
    expect(JSON.stringify(app.events)).not.toContain(SECRET);
    expect((await app.send('settings.setToken', { token: null })).hasToken).toBe(false);
  });

  it('PATHOMIQ_TOKEN is the first token of the browser host', async () => {
    process.env['PATHOMIQ_TOKEN'] = SECRET;
    try {
      const app = await open();
      expect((await app.send('settings.get')).hasToken).toBe(true);
    } finally {
      delete process.env['PATHOMIQ_TOKEN'];
    }
  });

  it('reconnects when the server changes: sandbox → server → no server, with a problem in words', async () => {
    const app = await open();
    const sandboxDir = path.join(app.stateDir, 'sandbox');
    await app.send('settings.update', serverSettings(sandbox.api));
    const status = await app.send('app.status');
    expect(status.server).toEqual({ label: sandbox.api, url: sandbox.api, sandbox: false });
    expect(status.problem).toBeNull();
    expect(app.events.some((e) => e.type === 'status-changed' && e.status.server.url === sandbox.api)).toBe(
      true,
    );
    expect(await app.send('images.list', { scope: 'mine' })).toBeInstanceOf(Array);
    expect(await readdir(sandboxDir)).toContain('sandbox.sqlite'); // its data stays

    await app.send('settings.update', { serverUrl: '' });
    const none = await app.send('app.status');
    expect(none.problem).toMatch(/No server is set\. Open Settings and enter the PathomIQ server address/);
    await expect(app.send('images.list', { scope: 'all' })).rejects.toThrow(/No server is set/);
    await expect(app.send('queue.add', { paths: [app.stateDir] })).rejects.toThrow(/No server is set/);
    expect(await app.send('queue.list')).toMatchObject({ jobs: [], hold: null });

    await app.send('settings.update', { serverUrl: sandbox.api, userId: null });
    expect((await app.send('app.status')).problem).toMatch(/No PathomIQ user is set/);
    await expect(app.send('images.list', { scope: 'mine' })).rejects.toThrow(/user id/);
    expect(await app.send('images.list', { scope: 'all' })).toBeInstanceOf(Array);
  });

  it('a server given on the command line wins over the settings for this run', async () => {
    const app = await open({ serverOverride: sandbox.api, stored: { userId: 19 } });
    const status = await app.send('app.status');
    expect(status.server.url).toBe(sandbox.api);
    expect(status.server.label).toMatch(/given on the command line/);
    expect(await readdir(app.stateDir)).not.toContain('sandbox');
  });

  it('testConnection: ok against a server, clear failures for a closed port and a bad address; saves nothing', async () => {
    const app = await open({ stored: serverSettings(sandbox.api) });
    const ok = await app.send('settings.testConnection', { serverUrl: sandbox.api, userId: null });
    expect(ok).toMatchObject({ ok: true, multipart: true });
    expect(ok.message).toMatch(/^Connected to http:\/\/127\.0\.0\.1:\d+: \d+ users? with images/);

    const port = await closedPort();
    const failed = await app.send('settings.testConnection', { serverUrl: `http://127.0.0.1:${port}` });
    expect(failed).toMatchObject({ ok: false, multipart: null });
    expect(failed.message).toBe(
      `Could not connect to http://127.0.0.1:${port}: nothing is listening there (connection refused). Check the address and that the server is running.`,
    );

    const wrongPath = await app.send('settings.testConnection', { serverUrl: `${sandbox.api}/not-the-api` });
    expect(wrongPath).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^No PathomIQ API at http/),
    });

    const bad = await app.send('settings.testConnection', { serverUrl: 'pathomiq.example.org' });
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/must start with http/) });
    expect((await app.send('settings.get')).serverUrl).toBe(sandbox.api);
  });

  it('testConnection with a wrong token names the sign-in problem', async () => {
    const guarded = await startTestSandbox({ token: SECRET });
    try {
      const app = await open({ stored: serverSettings(guarded.api) });
      const wrong = await app.send('settings.testConnection', { token: 'not-it' });
      expect(wrong.ok).toBe(false);
      expect(wrong.message).toMatch(
        /^The server at http:\/\/127\.0\.0\.1:\d+ refused the token.*access token/,
      );
      expect(wrong.message).not.toMatch(/tried again|GET \//);
      expect(wrong.message).not.toContain('not-it');
      expect((await app.send('settings.testConnection', { token: SECRET })).ok).toBe(true);
    } finally {
      await guarded.dispose();
    }
  });
});
