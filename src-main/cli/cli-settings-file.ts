import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * The two remembered fields, checked by hand rather than with zod: every command reads this file, `queue` too,
 * and that command starts without loading zod. Unknown fields are dropped (a later version's are not ours).
 */
function checkedSettings(value: unknown): CliSettings | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { server, user } = value as Record<string, unknown>;
  if (server !== undefined && typeof server !== 'string') return undefined;
  if (user !== undefined && !(typeof user === 'number' && Number.isSafeInteger(user) && user >= 0))
    return undefined;
  return { ...(server !== undefined ? { server } : {}), ...(user !== undefined ? { user } : {}) };
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
  const checked = checkedSettings(parsed);
  if (!checked)
    throw new UsageError(
      `${file} is not a valid settings file (it should hold the remembered "server" and "user"); fix it or delete it, then give --server and --user again.`,
    );
  return checked;
}

export function openCliSettings(stateDir: string): CliSettingsFile {
  return new CliSettingsFile(stateDir);
}
