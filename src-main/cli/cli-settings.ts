import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appSettingsSchema, type AppSettings } from '../../src-shared/app/index.js';
import type { SettingsPort } from '../app/types.js';
import { UsageError } from './usage-error.js';

/**
 * What the CLI remembers in its state dir so `run` after a crash talks to the same server as the `upload`
 * that queued the jobs. Never the token: that comes from --token or PATHOMIQ_TOKEN each time.
 */
export interface CliSettings {
  server?: string;
  user?: number;
}

const FILE_NAME = 'cli-settings.json';

const cliSettingsSchema = z.object({
  server: z.string().optional(),
  user: z.number().int().min(0).optional(),
});

/**
 * The remembered server and user: one small JSON file in the state dir, read once and replaced whole (written
 * beside it and renamed over it) on each change. A plain file rather than `conf`: that library's schema compiler
 * (ajv) cost every command, `queue` included, about a tenth of a second to start.
 */
export class CliSettingsFile {
  readonly path: string;
  private values: CliSettings;

  constructor(stateDir: string) {
    this.path = path.join(stateDir, FILE_NAME);
    this.values = readSettings(this.path);
  }

  get<K extends keyof CliSettings>(key: K): CliSettings[K] {
    return this.values[key];
  }

  set<K extends keyof CliSettings>(key: K, value: NonNullable<CliSettings[K]>): void {
    if (this.values[key] === value) return;
    this.write({ ...this.values, [key]: value });
  }

  delete(key: keyof CliSettings): void {
    if (!(key in this.values)) return;
    const { [key]: _dropped, ...rest } = this.values;
    this.write(rest);
  }

  private write(next: CliSettings): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, undefined, '\t')}\n`);
    renameSync(temp, this.path);
    this.values = next;
  }
}

function readSettings(file: string): CliSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const checked = cliSettingsSchema.safeParse(parsed);
  if (!checked.success)
    throw new UsageError(
      `${file} is not a valid settings file (it should hold the remembered "server" and "user"); fix it or delete it, then give --server and --user again.`,
    );
  return checked.data;
}

export function openCliSettings(stateDir: string): CliSettingsFile {
  return new CliSettingsFile(stateDir);
}

/**
 * The CLI's settings in the app's shape, so the app decides server, user and sandbox as it does for the desktop:
 * a remembered server means that server, none means the embedded sandbox; the user is the remembered one (the
 * sandbox's example user when none). The token is the one given this run, kept in memory only.
 */
export function createCliSettingsPort(remembered: CliSettingsFile, token: string | undefined): SettingsPort {
  let current = token;
  return {
    tokenStorage: 'memory',
    async load() {
      const server = remembered.get('server') || undefined;
      return appSettingsSchema.parse({
        useSandbox: server === undefined,
        serverUrl: server ?? '',
        userId: remembered.get('user') ?? null,
      });
    },
    async save(settings: AppSettings) {
      if (settings.useSandbox) remembered.delete('server');
      else remembered.set('server', settings.serverUrl);
      if (settings.userId === null) remembered.delete('user');
      else remembered.set('user', settings.userId);
    },
    async readToken() {
      return current;
    },
    async writeToken(next: string | null) {
      current = next ?? undefined;
    },
  };
}
