import sharp from 'sharp';
import type { SlidePreview } from '../../src-shared/app/index.js';

/** A preview's picture decoded (it is a WebP data URL): its size and the colour at its centre. */
export async function decoded(preview: SlidePreview) {
  if (!preview.available) throw new Error(`no preview: ${preview.reason}`);
  if (!preview.dataUrl.startsWith('data:image/webp;base64,'))
    throw new Error('the preview is not a WebP data URL');
  const bytes = Buffer.from(preview.dataUrl.slice(preview.dataUrl.indexOf(',') + 1), 'base64');
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const centre = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return { width: info.width, height: info.height, centre: [...data.subarray(centre, centre + 3)] };
}

/** Colours equal within lossy compression's error. */
export const near = (actual: number[], expected: readonly number[]) =>
  actual.every((value, index) => Math.abs(value - (expected[index] ?? 0)) <= 12);
