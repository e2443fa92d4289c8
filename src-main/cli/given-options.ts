import type { GlobalOptions } from './cli-context.js';
import type { CliSettingsFile } from './cli-settings-file.js';
import { defaultStateDir } from './state-dir.js';
import { ensureStateDir, StateDirError } from '../shared/state-dir.js';
import { UsageError } from './usage-error.js';

/**
 * What every command does with the global options before it opens anything, shared by the app's context and the
 * lean `queue`: free of zod and the app, so that command starts fast.
 */

/** The state dir, checked before anything is written there (a file, /proc, no write access: said at once). */
export function stateDirOf(options: GlobalOptions): string {
  try {
    return ensureStateDir(options.stateDir ?? defaultStateDir());
  } catch (error) {
    if (error instanceof StateDirError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Remembers this run's server and user (checked first), so `run` after a crash uses the same ones. `isServerUrl`
 * is the settings' own check of a server address (the app's schema).
 */
export function rememberGiven(
  options: GlobalOptions,
  remembered: CliSettingsFile,
  isServerUrl: (url: string) => boolean,
): void {
  if (options.user !== undefined) {
    if (!Number.isInteger(options.user) || options.user < 0)
      throw new UsageError(`The user id must be a whole number, not "${String(options.user)}".`);
    remembered.set('user', options.user);
  }
  if (options.server !== undefined) {
    if (!isServerUrl(options.server))
      throw new UsageError(`--server must be an http:// or https:// address, not "${options.server}".`);
    remembered.set('server', options.server);
  }
}

/**
 * An address the settings' schema surely takes as it is: printable ASCII without spaces, http(s)://, and one
 * URL parses. Stricter than the schema (which also trims and strips tabs): anything else goes the app's way.
 */
export const isPlainHttpUrl = (url: string): boolean =>
  /^https?:\/\/[\x21-\x7e]+$/i.test(url) && URL.canParse(url);
