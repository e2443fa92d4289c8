import { compressionName } from '../tiff/tags.js';

/**
 * What pixel QC can do with a TIFF compression code. libvips (through libtiff) decodes the common ones; the
 * slide codecs it lacks are legitimate and viewers with the right library read them, so they are only not
 * checked; a code nobody registered cannot be read by any slide reader (OpenSlide refuses it too).
 */
export type CodecSupport =
  { kind: 'decodable' } | { kind: 'not-checked'; name: string } | { kind: 'unknown'; code: number };

/**
 * Registered slide compressions libtiff has no codec for at all. Others that sharp's libtiff build happens to
 * lack (Zstandard, LZMA) are found when decoding says so, and are a warning too.
 */
const NOT_DECODABLE: ReadonlySet<number> = new Set([
  33003, // JPEG 2000, Aperio YCbCr
  33004, // JPEG 2000, Aperio
  33005, // JPEG 2000, Aperio RGB
  34712, // JPEG 2000
  34887, // LERC
  34934, // JPEG XR
  50002, // JPEG XL
  52546, // JPEG XL
]);

export function codecSupport(code: number | undefined): CodecSupport {
  // No Compression tag means uncompressed (TIFF 6.0 default).
  if (code === undefined) return { kind: 'decodable' };
  const { name, known } = compressionName(code);
  if (!known) return { kind: 'unknown', code };
  if (NOT_DECODABLE.has(code)) return { kind: 'not-checked', name };
  return { kind: 'decodable' };
}
