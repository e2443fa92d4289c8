/**
 * Slide recognition and completeness checks, run before any byte is uploaded: a truncated or half-written
 * copy is refused with a clear reason and non-slides are skipped with a reason. Reads only headers,
 * directories and tables (never pixel data, never the whole file), so it is cheap on multi-GB files and
 * network shares. Corrupt pixel data inside an intact structure is NOT detected: that needs decoding.
 */
export type {
  InspectOptions,
  InspectionStats,
  SlideFormat,
  SlideInspection,
  SlideMember,
  SlideMetadata,
} from './types.js';
export { inspectSlide } from './inspect.js';
export { multiFileSlideOf } from './multi-file.js';
export { SLIDE_EXTENSIONS } from './extensions.js';
