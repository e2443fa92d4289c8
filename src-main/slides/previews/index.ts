/**
 * Slide previews: the thumbnail, label and macro pictures technicians recognise a slide by, decoded with libvips
 * (loaded on first use), scaled to fit 320 px and cached on disk by content.
 */
export { SlidePreviews, type SlidePreviewsOptions } from './slide-previews.js';
export { encodeAs } from './render.js';
export { DEFAULT_CACHE_BYTES } from './preview-cache.js';
