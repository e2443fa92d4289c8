/**
 * The short word (queue row, command line) for a de-identified upload, from the engine's summary: "label and macro removed, 5
 * identifying fields blanked" → "label and macro removed"; a slide without a label → "de-identified".
 */
export function deidChip(summary: string): string {
  // What was removed runs up to "removed", commas included ("label, macro and slide preview removed").
  return /^(.+? removed)(?:,|$)/.exec(summary)?.[1] ?? 'de-identified';
}
