import { qcSlide } from '../slides/index.js';
import type { SlideMember } from '../slides/types.js';

/** Slide QC's verdict on a changed source: refused with the reason, or passed (a multi-file slide with its members). */
export type SlideCheckResult = { refusal: string } | { members?: SlideMember[] };

/** Slide QC as the engine runs it on a source that changed. */
export async function checkSlideFile(path: string): Promise<SlideCheckResult> {
  const inspection = await qcSlide(path);
  if (inspection.kind !== 'slide') return { refusal: inspection.reason };
  return inspection.members ? { members: inspection.members } : {};
}
