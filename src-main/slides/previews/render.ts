import type sharpFunction from 'sharp';
import type { Sharp } from 'sharp';
import type { PreviewSource } from './source.js';

/** Previews fit in this square: sharp on a HiDPI list row, small enough to send as a data: URL. */
export const PREVIEW_SIZE = 320;

export interface RenderedPreview {
  /** WebP: a third of a PNG's size for photographs of tissue, and every renderer shows it. */
  bytes: Buffer;
  width: number;
  height: number;
}

type SharpFunction = typeof sharpFunction;

let loading: Promise<SharpFunction> | undefined;

/**
 * sharp loads libvips (tens of MB of native code), so it is imported on the first preview only: the command
 * line's start-up and an app that never shows a preview do not pay for it. One libvips worker thread and no
 * operation cache: previews are made one at a time, beside uploads, on small machines.
 */
export function loadSharp(): Promise<SharpFunction> {
  return (loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  }));
}

/** Decodes the picture, scales it to fit PREVIEW_SIZE (never up) and encodes it as WebP. */
export async function renderPreview(source: PreviewSource): Promise<RenderedPreview> {
  const sharp = await loadSharp();
  // The decompression-bomb guard must allow the picture itself; sources are already bounded in size. Only
  // errors fail: libjpeg warns about harmless quirks of intact scanner files, and a preview may be imperfect.
  const limitInputPixels = Math.max(source.width * source.height, 1);
  const failOn = 'error' as const;
  let image: Sharp;
  if (source.kind === 'tiff-page') {
    image = sharp(source.file, {
      page: source.page,
      ...(source.subifd === undefined ? {} : { subifd: source.subifd }),
      limitInputPixels,
      failOn,
    });
  } else if (source.raw) {
    image = sharp(source.bytes, { raw: source.raw, limitInputPixels, failOn });
  } else {
    image = sharp(source.bytes, { limitInputPixels, failOn });
  }
  if (source.kind === 'bytes' && source.crop)
    image = image.extract({ left: 0, top: 0, width: source.crop.width, height: source.crop.height });
  const { data, info } = await image
    .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .webp({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/** Re-encodes a cached preview for a file the user names (the command line's --thumbnail out.png). */
export async function encodeAs(webp: Buffer, extension: string): Promise<Buffer> {
  const sharp = await loadSharp();
  const image = sharp(webp);
  switch (extension.toLowerCase()) {
    case '.webp':
      return webp;
    case '.jpg':
    case '.jpeg':
      return image.jpeg({ quality: 90 }).toBuffer();
    default:
      return image.png().toBuffer();
  }
}
