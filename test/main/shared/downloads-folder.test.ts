import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseDownloadDir,
  osDownloadsFolder,
  type DownloadsFolderEnv,
} from '../../../src-main/shared/downloads-folder.js';

const host = (
  over: Partial<DownloadsFolderEnv> & { files?: Record<string, string> },
): DownloadsFolderEnv => ({
  platform: 'linux',
  home: '/home/lab',
  env: {},
  readText: (file) => over.files?.[file],
  ...over,
});

describe("the OS's Downloads folder", () => {
  it("reads XDG's DOWNLOAD dir on Linux, as xdg-user-dir does", () => {
    const files = {
      '/home/lab/.config/user-dirs.dirs':
        '# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n',
    };
    expect(osDownloadsFolder(host({ files }))).toBe('/home/lab/Téléchargements');
    const custom = { '/etc/xdg-test/user-dirs.dirs': 'XDG_DOWNLOAD_DIR="/data/incoming"\n' };
    expect(osDownloadsFolder(host({ env: { XDG_CONFIG_HOME: '/etc/xdg-test' }, files: custom }))).toBe(
      '/data/incoming',
    );
  });

  it('is ~/Downloads without an XDG entry, with one set to $HOME, and on Windows and macOS', () => {
    expect(osDownloadsFolder(host({}))).toBe(path.join('/home/lab', 'Downloads'));
    const home = { '/home/lab/.config/user-dirs.dirs': 'XDG_DOWNLOAD_DIR="$HOME/"\n' };
    expect(osDownloadsFolder(host({ files: home }))).toBe(path.join('/home/lab', 'Downloads'));
    expect(osDownloadsFolder(host({ platform: 'darwin', home: '/Users/lab' }))).toBe(
      path.join('/Users/lab', 'Downloads'),
    );
    expect(osDownloadsFolder(host({ platform: 'win32', home: 'C:\\Users\\lab' }))).toBe(
      path.join('C:\\Users\\lab', 'Downloads'),
    );
  });

  it('is used when it exists; otherwise the fallback is used and Settings is told where files go', () => {
    expect(chooseDownloadDir('/home/lab/Downloads', '/state/downloads', () => true)).toEqual({
      path: '/home/lab/Downloads',
      fallbackNote: null,
    });
    const fallback = chooseDownloadDir('/home/lab/Downloads', '/state/downloads', () => false);
    expect(fallback.path).toBe('/state/downloads');
    expect(fallback.fallbackNote).toBe(
      'There is no Downloads folder at /home/lab/Downloads, so downloads are saved in /state/downloads.',
    );
  });
});
