import { inspectSlide } from './inspect.js';
import { checkPixels } from './pixels/index.js';
import type { InspectOptions, SlideInspection } from './types.js';

/**
 * Full slide QC: the structural inspection (headers, directories, tables), then, for a single-file slide that
 * passed it, pixel QC (a few tiles of every level decoded). A slide whose image data cannot be decoded is
 * refused here even though its structure is intact. Never throws for a bad file; throws only when
 * `options.signal` aborts.
 */
export async function qcSlide(file: string, options: InspectOptions = {}): Promise<SlideInspection> {
  const inspection = await inspectSlide(file, options);
  if (inspection.kind !== 'slide' || inspection.members) return inspection;
  return checkPixels(file, inspection, { signal: options.signal });
}
