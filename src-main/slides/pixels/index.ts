/**
 * Pixel-level slide QC: decodes a few tiles of every level (and the smallest level whole) with libvips, so a
 * slide whose structure is intact but whose image data is damaged or undecodable is refused before upload.
 */
export { checkCodecs, checkPixels } from './check-pixels.js';
