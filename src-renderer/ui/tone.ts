/** Status colours, each with a meaning: neutral, info (in progress), success, warning, danger. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';
