import { InvalidArgumentError, type Command } from 'commander';
import { parseDialects, type Dialect } from '../sandbox/dialects.js';
import type { CliContext, GlobalOptions } from './cli-context.js';

/** Runs a command's action with the context opened from the global options, in its scope. */
export type RunWithContext = (
  command: Command,
  action: (ctx: CliContext) => Promise<number>,
  scope?: CommandScope,
) => Promise<void>;

export interface CommandScope {
  /** The command works on the local queue only: no embedded sandbox is started for it. */
  local: boolean;
  /**
   * A lean way to run the command without opening the app (engine, API client, zod), tried first; it answers
   * undefined when the case needs the app (then the command runs through the app as usual).
   */
  fast?: (options: GlobalOptions) => Promise<number | undefined>;
}

export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return parsed;
}

/** A job id or "all". */
export function jobTarget(value: string): number | 'all' {
  if (value === 'all') return 'all';
  const parsed = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError(`expected a job id (e.g. 3) or "all", got "${value}"`);
  return parsed;
}
/** For commander: a dialect list, or its own error listing the valid names. */
export function dialectList(value: string): Dialect[] {
  try {
    return parseDialects(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}
