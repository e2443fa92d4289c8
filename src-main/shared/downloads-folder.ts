import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where downloads go when Settings name no folder, and, when that is not the OS's Downloads folder, why. */
export interface DownloadFolderChoice {
  path: string;
  /** Shown in Settings when the OS folder could not be used, so nobody looks for files in the wrong place. */
  fallbackNote: string | null;
}

export interface DownloadsFolderEnv {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  /** The text of a file, or undefined when it cannot be read. */
  readText: (file: string) => string | undefined;
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

const hostEnv = (): DownloadsFolderEnv => ({
  platform: process.platform,
  home: os.homedir(),
  env: process.env,
  readText,
});

/**
 * The user's Downloads folder as the OS names it. On Linux that is XDG's DOWNLOAD user dir — what
 * `xdg-user-dir DOWNLOAD` prints, read here from `user-dirs.dirs` rather than by starting a process — which a
 * desktop in another language names differently (~/Téléchargements); elsewhere, and by default, ~/Downloads.
 */
export function osDownloadsFolder(host: DownloadsFolderEnv = hostEnv()): string {
  const fallback = path.join(host.home, 'Downloads');
  if (host.platform !== 'linux') return fallback;
  const configHome = host.env['XDG_CONFIG_HOME'] || path.join(host.home, '.config');
  const text = host.readText(path.join(configHome, 'user-dirs.dirs'));
  const line = text?.split('\n').find((candidate) => /^\s*XDG_DOWNLOAD_DIR\s*=/.test(candidate));
  const value = line ? /=\s*"([^"]*)"/.exec(line)?.[1] : undefined;
  if (!value) return fallback;
  const resolved = value.replace(/^\$HOME(?=\/|$)/, host.home);
  // xdg-user-dir treats a dir equal to $HOME, or not absolute, as "not set".
  if (!path.isAbsolute(resolved) || path.resolve(resolved) === path.resolve(host.home)) return fallback;
  return resolved;
}

/** The OS's Downloads folder when it exists, else `fallbackDir`, saying so. */
export function chooseDownloadDir(
  osFolder: string,
  fallbackDir: string,
  exists: (dir: string) => boolean = existsSync,
): DownloadFolderChoice {
  if (exists(osFolder)) return { path: osFolder, fallbackNote: null };
  return {
    path: fallbackDir,
    fallbackNote: `There is no Downloads folder at ${osFolder}, so downloads are saved in ${fallbackDir}.`,
  };
}

/** The choice as the app service's (and the Electron engine's) start options. */
export function downloadFolderOptions(
  osFolder: string,
  fallbackDir: string,
): { defaultDownloadDir: string; defaultDownloadDirNote: string | null } {
  const choice = chooseDownloadDir(osFolder, fallbackDir);
  return { defaultDownloadDir: choice.path, defaultDownloadDirNote: choice.fallbackNote };
}
