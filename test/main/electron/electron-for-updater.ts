import { EventEmitter } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import { vi } from 'vitest';

/**
 * electron-updater is CommonJS and calls `require('electron')` itself (app, net, session), which vi.mock cannot
 * reach; this puts a stand-in into Node's require cache instead. `net.request` is Node's own http.request: both
 * return a client request emitting 'response', which is all electron-updater's ElectronHttpExecutor uses. Everything
 * else — GenericProvider, latest.yml parsing, version comparison, download, sha512 check, cache — is the real code.
 */
export function fakeElectronForUpdater(options: { version: string; userData: string; appPath: string }) {
  const require = createRequire(import.meta.url);
  const electronPath = require.resolve('electron');
  const previous = require.cache[electronPath];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    getVersion: () => options.version,
    getName: () => 'PathomIQ Uploader',
    getAppPath: () => options.appPath,
    getPath: (_name: string) => options.userData,
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
    relaunch: vi.fn(),
  });
  const electron = {
    app,
    net: { request: (requestOptions: http.RequestOptions) => http.request(requestOptions) },
    session: { fromPartition: () => ({}) },
    autoUpdater: new EventEmitter(),
  };
  require.cache[electronPath] = {
    id: electronPath,
    filename: electronPath,
    loaded: true,
    exports: electron,
  } as unknown as NodeJS.Module;
  return {
    electron,
    restore: () => {
      if (previous === undefined) delete require.cache[electronPath];
      else require.cache[electronPath] = previous;
    },
  };
}
