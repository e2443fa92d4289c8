import { inspectSlide } from './inspect.js';
import { checkCodecs, checkPixels } from './pixels/index.js';
import type { InspectOptions, SlideInspection } from './types.js';

export interface QcOptions extends Omit<InspectOptions, 'onOpenSlide'> {
  /**
   * How far pixel QC goes. `decode` (default): a few tiles of every level decoded. `codecs`: nothing decoded, only
   * every level's compression checked, on the file the inspection has open — a watch folder queues thousands of
   * slides this way, and the engine decodes each one before it registers (see the job's `pixel_qc_owed`).
   */
  pixels?: 'decode' | 'codecs';
}

/**
 * Full slide QC: the structural inspection (headers, directories, tables), then, for a single-file slide that
 * passed it, pixel QC (a few tiles of every level decoded). A slide whose image data cannot be decoded is
 * refused here even though its structure is intact. Never throws for a bad file; throws only when
 * `options.signal` aborts.
 */
export async function qcSlide(file: string, options: QcOptions = {}): Promise<SlideInspection> {
  const { pixels: depth = 'decode', ...inspectOptions } = options;
  if (depth === 'codecs') return inspectSlide(file, { ...inspectOptions, onOpenSlide: checkCodecs });
  const inspection = await inspectSlide(file, inspectOptions);
  if (inspection.kind !== 'slide' || inspection.members) return inspection;
  return checkPixels(file, inspection, { signal: options.signal });
}
