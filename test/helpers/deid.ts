import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What Debian's OpenSlide (via its command-line tools) sees in a slide file: its properties and the associated
 * images it lists (label, macro, thumbnail). vipsheader reads the slide through OpenSlide's own loader.
 */
export async function openslideView(file: string): Promise<{ properties: string; associated: string[] }> {
  const { stdout: properties } = await run('openslide-show-properties', [file]);
  // sharp sets VIPSHOME for its own libvips when loaded; the system vips must not look for its modules there.
  const { VIPSHOME: _sharps, ...env } = process.env;
  const { stdout: header } = await run('vipsheader', ['-a', file], { env });
  const listed = /slide-associated-images: (.*)/.exec(header)?.[1] ?? '';
  return {
    properties,
    associated: listed
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .sort(),
  };
}

/** Whether Debian's openslide-tools are installed (tests reading slides through OpenSlide skip without them). */
export const openslideInstalled: Promise<boolean> = run('openslide-show-properties', ['--version']).then(
  () => true,
  () => false,
);

/** A region of level 0 as OpenSlide renders it, written as PNG by openslide-write-png. */
export async function openslideRegion(
  file: string,
  out: string,
  region: { x: number; y: number; width: number; height: number },
): Promise<void> {
  await run('openslide-write-png', [
    file,
    String(region.x),
    String(region.y),
    '0',
    String(region.width),
    String(region.height),
    out,
  ]);
}
