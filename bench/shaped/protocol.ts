import type { ShapedInputs } from './shaped-link-run.js';

/** What the parent hands the namespace process (as its one JSON argument). */
export type InsideRequest = ShapedInputs;

/** The namespace process's stdout line with the findings of every link (JSON after the mark). */
export const FINDINGS_MARK = 'SHAPED_FINDINGS ';
/** Its stdout line when our CLI misbehaved (a FAIL, not a harness ERROR). */
export const PRODUCT_FAILURE_MARK = 'PRODUCT_FAILURE ';
