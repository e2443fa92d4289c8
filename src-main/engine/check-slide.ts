import { qcSlide } from '../slides/index.js';
import type { SlideMember } from '../slides/types.js';
import { Semaphore } from './semaphore.js';

/** Slide QC's verdict on a changed source: refused with the reason, or passed (a multi-file slide with its members). */
export type SlideCheckResult = { refusal: string } | { members?: SlideMember[] };

/**
 * Pixel decodes run on libuv's thread pool (4 threads), which also reads the files being uploaded: with a watch
 * folder's slides decoded just before each upload, at most 2 at once leaves the other threads to the uploads.
 */
const checksAtOnce = new Semaphore(2);

/** Slide QC as the engine runs it: on a source that changed, or one queued with its pixel decoding owed. */
export async function checkSlideFile(path: string): Promise<SlideCheckResult> {
  await checksAtOnce.acquire();
  try {
    const inspection = await qcSlide(path);
    if (inspection.kind !== 'slide') return { refusal: inspection.reason };
    return inspection.members ? { members: inspection.members } : {};
  } finally {
    checksAtOnce.release();
  }
}
