/**
 * Slide QC, run before any byte is uploaded: a truncated or half-written copy is refused with a clear reason and
 * non-slides are skipped with a reason. `inspectSlide` reads only headers, directories and tables (cheap on
 * multi-GB files and network shares); `qcSlide` adds pixel QC — it decodes the smallest levels and sampled tiles
 * of every level, so corrupt image data inside an intact structure is refused too (slides/pixels).
 */
export type {
  InspectOptions,
  InspectionStats,
  SlideFormat,
  SlideInspection,
  SlideMember,
  SlideMetadata,
  PixelReport,
} from './types.js';
export { qcSlide } from './qc.js';
export { inspectSlide } from './inspect.js';
export { multiFileSlideOf } from './multi-file.js';
export { SLIDE_EXTENSIONS } from './extensions.js';
