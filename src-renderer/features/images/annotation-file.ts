import {
  annotationFormatOfFileName,
  geoJsonToImageScope,
  type AnnotationFormat,
} from '../../../src-shared/annotations/annotation-formats.js';
import type { ImageScopeSummary } from '../../../src-shared/annotations/imagescope.js';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';

/** The import command takes at most this much text. */
export const MAX_ANNOTATION_BYTES = 200 * 1024 * 1024;

export type AnnotationCheck =
  | {
      ok: true;
      summary: ImageScopeSummary;
      format: AnnotationFormat;
      /** What a GeoJSON file cannot carry into ImageScope XML; empty for an XML file. */
      warnings: string[];
    }
  | { ok: false; message: string };

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "12 regions in 3 layers". */
export const annotationSummaryText = (summary: Pick<ImageScopeSummary, 'regions' | 'layers'>): string =>
  `${count(summary.regions, 'region', 'regions')} in ${count(summary.layers, 'layer', 'layers')}`;

/**
 * Checks a picked file locally (converting QuPath GeoJSON the way the import will), so a bad file is explained
 * without sending anything.
 */
export function checkAnnotationFile(fileName: string, size: number, text: () => string): AnnotationCheck {
  const format = annotationFormatOfFileName(fileName);
  if (format === null)
    return {
      ok: false,
      message: `${fileName} is not an annotation file. Pick the .xml file ImageScope exported or the .geojson file QuPath exported.`,
    };
  if (size > MAX_ANNOTATION_BYTES)
    return { ok: false, message: `${fileName} is larger than 200 MiB, more than an annotation file can be.` };
  let xml = text();
  let warnings: string[] = [];
  if (format === 'geojson') {
    const converted = geoJsonToImageScope(xml);
    if (!converted.ok) return { ok: false, message: `${fileName}: ${converted.message}` };
    xml = converted.text;
    warnings = converted.warnings;
  }
  const result = validateImageScopeXml(xml);
  if (result.ok) return { ok: true, summary: result.summary, format, warnings };
  // The validator's wording often names the line already ("… (line 15: …"); say it once.
  const named = result.line === undefined || new RegExp(`\\bline ${result.line}\\b`).test(result.message);
  const where = named ? '' : ` (line ${result.line})`;
  return { ok: false, message: `${fileName}${where}: ${result.message}` };
}
