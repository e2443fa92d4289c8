import sharp from 'sharp';

/**
 * libvips settings for QC, applied once before the first decode. QC runs beside uploads on small machines: one
 * libvips worker thread (decoding a 256-pixel tile gains nothing from more), and no operation cache (each region
 * is decoded once, so caching would only hold memory and open files).
 */
let configured = false;

export function sharpForQc(): typeof sharp {
  if (!configured) {
    sharp.concurrency(1);
    sharp.cache(false);
    configured = true;
  }
  return sharp;
}
