/**
 * The short word (queue row, command line)  for a de-identified upload, from the engine's summary: "label and macro removed, 5
 * identifying fields blanked" → "label and macro removed"; a slide without a label → "de-identified".
 */
export function deidChip(summary: string): string {
  const first = summary.split(',')[0] ?? summary;
  return first.endsWith(' removed') ? first : 'de-identified';
}
