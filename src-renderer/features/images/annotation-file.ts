import type { ImageScopeSummary } from '../../../src-shared/annotations/imagescope.js';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';

/** The import command takes at most this much XML. */
export const MAX_ANNOTATION_BYTES = 200 * 1024 * 1024;

export type AnnotationCheck = { ok: true; summary: ImageScopeSummary } | { ok: false; message: string };

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "12 regions in 3 layers". */
export const annotationSummaryText = (summary: Pick<ImageScopeSummary, 'regions' | 'layers'>): string =>
  `${count(summary.regions, 'region', 'regions')} in ${count(summary.layers, 'layer', 'layers')}`;

/** Checks a picked file locally, so a bad file is explained without sending anything. */
export function checkAnnotationFile(fileName: string, size: number, text: () => string): AnnotationCheck {
  if (!/\.xml$/i.test(fileName))
    return { ok: false, message: `${fileName} is not an XML file. Pick the .xml file ImageScope exported.` };
  if (size > MAX_ANNOTATION_BYTES)
    return { ok: false, message: `${fileName} is larger than 200 MiB, more than an annotation file can be.` };
  const result = validateImageScopeXml(text());
  if (result.ok) return result;
  // The validator's wording often names the line already ("… (line 15: …"); say it once.
  const named = result.line === undefined || new RegExp(`\\bline ${result.line}\\b`).test(result.message);
  const where = named ? '' : ` (line ${result.line})`;
  return { ok: false, message: `${fileName}${where}: ${result.message}` };
}
