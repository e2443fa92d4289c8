import { InvalidArgumentError, type Command } from 'commander';
import { parseDialects, type Dialect } from '../sandbox/dialects.js';
import type { CliContext } from './cli-context.js';

/** `local`: the command only reads or changes the queue on this computer — no embedded sandbox is started. */
export type RunWithContext = (
  command: Command,
  action: (ctx: CliContext) => Promise<number>,
  scope?: { local: boolean },
) => Promise<void>;

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
