import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../cli-context.js';

/** A server-provided name reduced to a plain file name, so it cannot point outside the chosen folder. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const base = path.basename((name ?? '').replace(/\\/g, '/')).trim();
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

const statOrUndefined = (target: string) => stat(target).catch(() => undefined);

/**
 * Where a download goes: `--out` (a file, or an existing folder to put the default name in), else the default
 * name in the current folder. Checked before any byte is fetched: an existing file is never replaced without
 * --force, and a missing folder is named. `defaultName` is only asked for when needed (it may cost a lookup).
 */
export async function chooseDestination(
  out: string | undefined,
  defaultName: () => Promise<string>,
  force: boolean,
): Promise<string> {
  let target = path.resolve(out ?? (await defaultName()));
  const existing = await statOrUndefined(target);
  if (existing?.isDirectory()) target = path.join(target, await defaultName());
  const folder = path.dirname(target);
  if (!(await statOrUndefined(folder))?.isDirectory()) {
    throw new UsageError(`Cannot save to ${target}: the folder ${folder} does not exist.`);
  }
  const clash = await statOrUndefined(target);
  if (clash?.isDirectory()) throw new UsageError(`Cannot save to ${target}: it is a folder.`);
  if (clash && !force) {
    throw new UsageError(
      `${target} already exists; add --force to replace it, or choose another name with --out.`,
    );
  }
  return target;
}
