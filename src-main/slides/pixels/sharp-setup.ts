import type sharp from 'sharp';

/**
 * libvips settings for QC, applied once before the first decode. QC runs beside uploads on small machines: one
 * libvips worker thread (decoding a 256-pixel tile gains nothing from more), and no operation cache (each region
 * is decoded once, so caching would only hold memory and open files). sharp (libvips, a native library) is loaded
 * on the first decode, not when the app or the command line starts.
 */
let configured: Promise<typeof sharp> | undefined;

export function sharpForQc(): Promise<typeof sharp> {
  configured ??= import('sharp').then(({ default: loaded }) => {
    loaded.concurrency(1);
    loaded.cache(false);
    return loaded;
  });
  return configured;
}
