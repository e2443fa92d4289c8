import { inspectSlide } from '../slides/index.js';

/** Slide QC as the engine runs it on a source that changed: undefined when the file passes, else the reason. */
export async function checkSlideFile(path: string): Promise<string | undefined> {
  const inspection = await inspectSlide(path);
  return inspection.kind === 'slide' ? undefined : inspection.reason;
}
