import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { encodeAs } from '../../slides/previews/index.js';
import type { CliContext } from '../cli-context.js';

/** `inspect --thumbnail/--label/--macro <file>`: where each asked-for picture goes. */
export type PictureTargets = Partial<Record<SlidePreviewKind, string>>;

const KINDS: readonly SlidePreviewKind[] = ['thumbnail', 'label', 'macro'];

/**
 * Writes the slide's preview pictures (as PNG, or JPEG/WebP when the file name says so). A picture the slide
 * has not got is an error naming the file ("CASE-7.svs has no label image"); the others are still written.
 * Returns whether every asked-for picture was written.
 */
export async function writePictures(
  ctx: CliContext,
  slide: string,
  targets: PictureTargets,
): Promise<boolean> {
  let all = true;
  for (const kind of KINDS) {
    const target = targets[kind];
    if (!target) continue;
    const preview = await ctx.send('slides.preview', { path: slide, kind });
    if (!preview.available) {
      ctx.out.error(preview.reason);
      all = false;
      continue;
    }
    const webp = Buffer.from(preview.dataUrl.slice(preview.dataUrl.indexOf(',') + 1), 'base64');
    const out = path.resolve(target);
    await writeFile(out, await encodeAs(webp, path.extname(out)));
    const from = preview.source === 'smallest-level' ? ', made from its smallest level' : '';
    ctx.out.info(`Wrote the ${kind} (${preview.width} × ${preview.height} px${from}) to ${out}`);
  }
  return all;
}
