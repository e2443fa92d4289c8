import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DebUpdater, type UpdateCheckResult } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appSettingsSchema, type UpdateStatus } from '../../../src-shared/app/index.js';
import { updateFeed } from '../../../src-main/electron/update-feed.js';
import { createUpdateController, type UpdaterPort } from '../../../src-main/electron/updates.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { fakeElectronForUpdater } from './electron-for-updater.js';
import { INSTALLER, startUpdateServer, type Release } from './update-server.js';

// Nothing here may reach the real Electron (not installed); the controller itself never imports it.
vi.mock('electron', () => import('./fake-electron.js'));

const CURRENT = '1.0.0';
const installer = Buffer.alloc(256 * 1024, 7);

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let cleanups: Array<() => unknown>;
beforeEach(async () => {
  temp = await makeTempDir('pathomiq-update-');
  cleanups = [];
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  vi.unstubAllEnvs();
  await temp.cleanup();
});

/**
 * A real electron-updater (DebUpdater: the Linux .deb flavour, whose download step is the generic one) inside a
 * stand-in Electron app of version 1.0.0, with the files an installed build has: resources/app-update.yml (written
 * by electron-builder from `publish`) and a cache folder.
 */
async function realUpdater(): Promise<{ updater: DebUpdater; cacheDir: string }> {
  const resources = path.join(temp.dir, 'resources');
  await mkdir(resources);
  await writeFile(
    path.join(resources, 'app-update.yml'),
    'provider: generic\nurl: https://updates.invalid/\nupdaterCacheDirName: pathomiq-uploader-updater\n',
  );
  const fake = fakeElectronForUpdater({
    version: CURRENT,
    userData: path.join(temp.dir, 'userData'),
    appPath: temp.dir,
  });
  cleanups.push(fake.restore);
  const withResources = process as NodeJS.Process & { resourcesPath?: string };
  const previous = withResources.resourcesPath;
  withResources.resourcesPath = resources;
  cleanups.push(() => {
    withResources.resourcesPath = previous;
  });
  vi.stubEnv('XDG_CACHE_HOME', path.join(temp.dir, 'cache'));
  const updater = new DebUpdater();
  updater.logger = null;
  return { updater, cacheDir: path.join(temp.dir, 'cache', 'pathomiq-uploader-updater') };
}

async function serve(release: Release): Promise<string> {
  const server = await startUpdateServer(release);
  cleanups.push(server.close);
  return server.url;
}

function controllerFor(updater: UpdaterPort, url: string, useSandbox = false) {
  const seen: UpdateStatus[] = [];
  const controller = createUpdateController({
    updater,
    feed: () => updateFeed({ updateUrl: url, useSandbox }),
    onStatus: (status) => seen.push(status),
  });
  return { controller, seen, states: () => seen.map((status) => status.state) };
}

describe('app updates (electron-updater against a local update server)', () => {
  it('finds a newer version, downloads it with progress, verifies it and waits for the user', async () => {
    const { updater, cacheDir } = await realUpdater();
    const quitAndInstall = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => {});
    const url = await serve({ version: '2.0.0', installer });
    const { controller, seen, states } = controllerFor(updater, url);

    await expect(controller.check(true)).resolves.toEqual({ state: 'ready', version: '2.0.0' });
    expect(states()[0]).toBe('checking');
    expect(seen).toContainEqual({ state: 'available', version: '2.0.0' });
    const progress = seen.filter((status) => status.state === 'downloading');
    expect(progress.at(-1)).toEqual({ state: 'downloading', version: '2.0.0', percent: 100 });
    expect(states().indexOf('available')).toBeLessThan(states().indexOf('downloading'));
    expect(states().at(-1)).toBe('ready');
    // electron-updater keeps the verified installer in its cache, ready to install.
    expect(await readdir(path.join(cacheDir, 'pending'))).toContain(INSTALLER);
    // Never on its own: not on quit, and only through install() when the user chooses.
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(quitAndInstall).not.toHaveBeenCalled();
    expect(controller.install()).toBe(true);
    expect(quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('says up to date when the server has the same version, and downloads nothing', async () => {
    const { updater } = await realUpdater();
    const server = await startUpdateServer({ version: CURRENT, installer });
    cleanups.push(server.close);
    const { controller, states } = controllerFor(updater, server.url);
    await expect(controller.check(true)).resolves.toEqual({ state: 'up-to-date', version: CURRENT });
    expect(states()).toEqual(['checking', 'up-to-date']);
    expect(server.requests.some((request) => request.endsWith('.deb'))).toBe(false);
    expect(controller.install()).toBe(false);
  });

  it('refuses a download whose sha512 does not match latest.yml: failure reported, nothing ready', async () => {
    const { updater, cacheDir } = await realUpdater();
    const quitAndInstall = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => {});
    const url = await serve({ version: '2.0.0', installer, sha512: sha512OfOther() });
    const { controller, states } = controllerFor(updater, url);

    const outcome = await controller.check(true);
    expect(outcome.state).toBe('failed');
    expect(outcome).toMatchObject({ message: expect.stringMatching(/did not match the sha512/) });
    expect(states()).not.toContain('ready');
    expect(controller.install()).toBe(false);
    expect(quitAndInstall).not.toHaveBeenCalled();
    const pending = await readdir(path.join(cacheDir, 'pending')).catch(() => []);
    expect(pending).not.toContain(INSTALLER);
  });

  it('refuses an update whose latest.yml gives no sha512 at all', async () => {
    const { updater } = await realUpdater();
    const server = await startUpdateServer({ version: '2.0.0', installer, sha512: null });
    cleanups.push(server.close);
    const { controller } = controllerFor(updater, server.url);
    // electron-updater itself refuses a file with neither sha512 nor sha256 (our check covers sha256-only too).
    expect(await controller.check(false)).toMatchObject({ state: 'failed' });
    expect(server.requests.some((request) => request.endsWith('.deb'))).toBe(false);
  });

  // electron-updater retries a refused connection itself (about 3 s in all) before it gives up.
  it('reports a server that is down, with the address it tried', async () => {
    const { updater } = await realUpdater();
    const server = await startUpdateServer({ version: '2.0.0', installer });
    await server.close();
    const { controller } = controllerFor(updater, server.url);
    const outcome = await controller.check(true);
    expect(outcome).toEqual({
      state: 'failed',
      message: `The update server at ${server.url} could not be reached (ECONNREFUSED).`,
    });
  });

  it('reports a server without latest.yml', async () => {
    const { updater } = await realUpdater();
    const url = await serve({ version: '2.0.0', installer });
    const { controller } = controllerFor(updater, `${url}missing/`);
    expect(await controller.check(true)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/^No latest(-\w+)?\.yml at .*missing\/|^No latest\.yml at/),
    });
  });
});

describe('when updates are off', () => {
  const inert = () => ({
    autoDownload: true,
    autoInstallOnAppQuit: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn<() => Promise<UpdateCheckResult | null>>(),
    downloadUpdate: vi.fn(),
    quitAndInstall: vi.fn(),
    on: vi.fn(),
  });

  it('checks nothing without an update URL', async () => {
    const updater = inert();
    const { controller } = controllerFor(updater, '');
    expect(controller.status()).toEqual({ state: 'off', reason: 'no-url' });
    expect(await controller.check(true)).toEqual({ state: 'off', reason: 'no-url' });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.setFeedURL).not.toHaveBeenCalled();
  });

  it('is off against the embedded sandbox, unless a URL is set explicitly', async () => {
    const updater = inert();
    const { controller } = controllerFor(updater, '', true);
    expect(await controller.check(false)).toEqual({ state: 'off', reason: 'sandbox' });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(updateFeed({ updateUrl: 'https://updates.example.org/uploader/', useSandbox: true })).toEqual({
      url: 'https://updates.example.org/uploader/',
    });
  });

  it('takes an https update URL (plain http only on this computer)', () => {
    const updateUrl = appSettingsSchema.shape.updateUrl;
    for (const ok of [
      '',
      'https://updates.example.org/uploader/',
      'http://127.0.0.1:8080/',
      'http://localhost/',
    ])
      expect(updateUrl.safeParse(ok).success).toBe(true);
    for (const bad of ['http://updates.example.org/', 'ftp://updates.example.org/', 'updates.example.org'])
      expect(updateUrl.safeParse(bad).success).toBe(false);
  });

  it('says "installed app only" when electron-updater is inactive (not a packaged build)', async () => {
    const updater = inert();
    updater.checkForUpdates.mockResolvedValue(null);
    const { controller } = controllerFor(updater, 'https://updates.example.org/');
    expect(await controller.check(true)).toEqual({ state: 'off', reason: 'not-installed' });
  });
});

function sha512OfOther(): string {
  return Buffer.alloc(64, 1).toString('base64');
}
