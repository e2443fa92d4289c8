/**
 * "Clear finished" only shortens the list: uploaded slides stay in the app's memory, so adding one again still
 * says "Already uploaded" instead of uploading a second copy. Said where the button is and after it ran, because
 * "clear" alone reads as "forget". A watch folder's failed and cancelled slides are remembered too (the engine keeps
 * them hidden), so its next scan does not upload them after all.
 */
export const CLEAR_FINISHED_HINT =
  'Takes finished, failed and cancelled uploads off the list. Uploaded slides are still remembered: adding the ' +
  'same slide again says "Already uploaded" (unless "Upload again even if already uploaded" is ticked). Slides ' +
  'from a watch folder that failed or were cancelled are remembered too: the folder does not upload them again.';

/** Short: the toast shows three lines (the button's hint says the rest, watch folders included). */
export const CLEARED_BODY =
  'Uploaded slides left the list but are still remembered: adding one again says "Already uploaded".';
