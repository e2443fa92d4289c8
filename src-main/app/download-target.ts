import { stat } from 'node:fs/promises';
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
