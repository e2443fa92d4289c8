import { loadSharp } from './render.js';
import { MAX_FALLBACK_PIXELS, type SourceLookup } from './source.js';

/** A whole JPEG or PNG, once sharp has read a sensible size from its header. */
export async function encodedSource(bytes: Buffer, words: string): Promise<SourceLookup> {
  const sharp = await loadSharp();
  const size = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  const width = size?.width ?? 0;
  const height = size?.height ?? 0;
  if (width <= 0 || height <= 0) return { missing: `'s ${words} is not a picture this app can decode` };
  if (width * height > MAX_FALLBACK_PIXELS)
    return { missing: `'s ${words} (${width} × ${height} px) is too large to shrink into a preview` };
  return { kind: 'bytes', bytes, width, height, origin: 'associated' };
}
