import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../usage-error.js';

const statOrUndefined = (target: string) => stat(target).catch(() => undefined);

/** Where a file is saved: a folder, and the file's name in it (undefined: the name is the server's to give). */
export interface Destination {
  folder: string;
  fileName: string | undefined;
}

/**
 * Where a file goes: `--out` (a file, or an existing folder to put the default name in), else the default name in
 * the current folder. Checked before any byte is fetched: an existing file is never replaced without --force, and
 * a missing folder is named. Without `defaultName` (it needs the server), an existing folder is all that is
 * checked here: the app then picks the image's own name and refuses to replace a file itself.
 */
export async function chooseDestination(
  out: string | undefined,
  defaultName: string | undefined,
  force: boolean,
): Promise<Destination> {
  let target = path.resolve(out ?? '.');
  if ((await statOrUndefined(target))?.isDirectory()) {
    if (defaultName === undefined) return { folder: target, fileName: undefined };
    target = path.join(target, defaultName);
  }
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
  return { folder, fileName: path.basename(target) };
}
