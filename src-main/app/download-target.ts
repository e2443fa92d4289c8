import { stat } from 'node:fs/promises';
import { AppCommandError } from '../../src-shared/app/index.js';
import path from 'node:path';

/** A server-provided name reduced to a plain file name, so it cannot point outside the download folder. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const base = path.basename((name ?? '').replace(/\\/g, '/')).trim();
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

const exists = (target: string) =>
  stat(target).then(
    () => true,
    () => false,
  );

/**
 * A path in `folder` for `fileName` that replaces nothing: "slide.svs", else "slide (1).svs", "slide (2).svs"…
 * Names taken by downloads still running (their `.part` files, or `reserved`) count as taken.
 */
export async function freeTarget(
  folder: string,
  fileName: string,
  reserved: ReadonlySet<string>,
): Promise<string> {
  const extension = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - extension.length);
  for (let n = 0; ; n += 1) {
    const candidate = path.join(folder, n === 0 ? fileName : `${stem} (${n})${extension}`);
    if (reserved.has(candidate)) continue;
    if (!(await exists(candidate)) && !(await exists(`${candidate}.part`))) return candidate;
  }
}

/**
 * `fileName` in `folder`, as the caller chose it: refused when the folder is missing, the name is a folder or a
 * download in progress, or (unless `replace`) a file already has it.
 */
export async function chosenTarget(
  folder: string,
  fileName: string,
  replace: boolean,
  reserved: ReadonlySet<string>,
): Promise<string> {
  const target = path.join(folder, fileName);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory())
    throw new AppCommandError(`Cannot save to ${target}: the folder ${folder} does not exist.`);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new AppCommandError(`Cannot save to ${target}: it is a folder.`);
  if (reserved.has(target) || (await exists(`${target}.part`)))
    throw new AppCommandError(`Cannot save to ${target}: another download is writing it.`);
  if (existing && !replace) throw new AppCommandError(`${target} already exists; it was not replaced.`);
  return target;
}
