import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SETTINGS_VERSION, type AppSettings } from '../../../src-shared/app/index.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import { appErrorInfo, createAppService, createFileSettingsPort } from '../../../src-main/app/index.js';
import type { AppService, AppServiceTuning } from '../../../src-main/app/types.js';
import { browserPlatform } from '../../../src-main/host/browser-platform.js';
import { startBrowserHost, type BrowserHost } from '../../../src-main/host/browser-host.js';
import type { SandboxOptions } from '../../../src-main/sandbox/sandbox.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

export const E2E_USER = 19;

export interface E2eAppOptions {
  /** Sandbox options (speed 50 unless given). */
  sandbox?: Partial<SandboxOptions>;
  /** Saved settings the app starts with, on top of: this sandbox's URL, user 19, a temp download folder. */
  settings?: Partial<AppSettings>;
  /** Put the fault proxy between the app and the sandbox (for outages). */
  faultProxy?: boolean;
  colorScheme?: 'light' | 'dark';
}

export interface E2eApp {
  page: Page;
  context: BrowserContext;
  host: BrowserHost;
  sandbox: TestSandbox;
  proxy: FaultProxy | undefined;
  /** The URL the app is told to use (the proxy's, when there is one). */
  serverUrl: string;
  stateDir: string;
  /** A temp folder for slides and other inputs. */
  workDir: string;
  downloadDir: string;
  /** Straight to the sandbox, for checking what the server holds. */
  api: ApiClient;
  /** Closes the host and its service, then starts fresh ones on the same state dir and reopens the page. */
  restartHost(): Promise<void>;
  close(): Promise<void>;
}

/** Fast timings so retries and prediction polling take fractions of a second, not the app's patient defaults. */
const TUNING: AppServiceTuning = { retryBaseMs: 250, retryCapMs: 1500, predictionPollMs: 250 };

async function startHost(stateDir: string): Promise<{ host: BrowserHost; service: AppService }> {
  const service = createAppService({
    stateDir,
    settings: createFileSettingsPort(stateDir),
    platform: browserPlatform,
    host: 'browser',
    version: '0.0.0-e2e',
    defaultDownloadDir: path.join(stateDir, 'downloads'),
    tuning: TUNING,
  });
  await service.start();
  try {
    // The production describer: the window gets the words, kind and detail that users get.
    const host = await startBrowserHost({ stateDir, service, describeError: appErrorInfo });
    return { host, service };
  } catch (error) {
    await service.close();
    throw error;
  }
}

/**
 * Fresh state for one test: a temp state dir, a sandbox (behind the fault proxy if asked), the browser host with
 * the real app service, and a page of `browser` opened at the UI_READY address and connected.
 */
export async function startApp(browser: Browser, options: E2eAppOptions = {}): Promise<E2eApp> {
  const state = await makeTempDir('pathomiq-e2e-state-');
  const work = await makeTempDir('pathomiq-e2e-work-');
  const cleanups: Array<() => Promise<unknown>> = [work.cleanup, state.cleanup];
  const stateDir = state.dir;
  const downloadDir = path.join(work.dir, 'downloads');

  let proxy: FaultProxy | undefined;
  if (options.faultProxy) {
    proxy = await startFaultProxy();
    cleanups.unshift(() => proxy!.close());
  }
  const sandbox = await startTestSandbox({
    ...(proxy ? { publicUrl: proxy.url } : {}),
    ...options.sandbox,
  });
  cleanups.unshift(() => sandbox.dispose());
  proxy?.setTarget(sandbox.listening);
  const serverUrl = proxy?.url ?? sandbox.api;

  const settings: Partial<AppSettings> = {
    // Written as the current version stores them; a test of an older file passes its own settingsVersion.
    settingsVersion: SETTINGS_VERSION,
    useSandbox: false,
    serverUrl,
    userId: E2E_USER,
    downloadDir,
    notifications: false,
    ...options.settings,
  };
  await writeFile(path.join(stateDir, 'app-settings.json'), JSON.stringify(settings, null, 2));

  let running = await startHost(stateDir);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  // Fail within seconds when the UI does not show what a test waits for, not after the whole test timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await openPage(page, running.host);

  const app: E2eApp = {
    page,
    context,
    get host() {
      return running.host;
    },
    sandbox,
    proxy,
    serverUrl,
    stateDir,
    workDir: work.dir,
    downloadDir,
    api: createApiClient({ baseUrl: sandbox.listening }),
    async restartHost() {
      await running.host.close();
      await running.service.close();
      running = await startHost(stateDir);
      await openPage(page, running.host);
    },
    async close() {
      await context.close().catch(() => undefined);
      await running.host.close().catch(() => undefined);
      await running.service.close().catch(() => undefined);
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    },
  };
  return app;
}

/** Opens the UI and waits until its WebSocket is up (the status bar then tells the server's health). */
export async function openPage(page: Page, host: BrowserHost): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('status-health').waitFor();
}
