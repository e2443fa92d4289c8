import { geoJsonToImageScope, type Conversion } from './geojson-to-imagescope.js';
import { imageScopeToGeoJson } from './imagescope-to-geojson.js';

/**
 * The two annotation formats PathomIQ Uploader reads and writes: Aperio ImageScope XML (what the PathomIQ
 * API takes and returns) and QuPath GeoJSON (what pathologists export from QuPath).
 */
export type AnnotationFormat = 'imagescope' | 'geojson';

export type { Conversion };
export { geoJsonToImageScope, imageScopeToGeoJson };

/** By extension: .xml is ImageScope, .geojson and .json are GeoJSON; anything else is null. */
export function annotationFormatOfFileName(fileName: string): AnnotationFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xml')) return 'imagescope';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  return null;
}

/**
 * The format of an uploaded file: by extension, else by content (QuPath GeoJSON saved as .txt or without an
 * extension still starts with "{" or "["), else ImageScope XML, whose checks then explain what is wrong.
 */
export function detectAnnotationFormat(fileName: string, text: string): AnnotationFormat {
  const byName = annotationFormatOfFileName(fileName);
  if (byName !== null) return byName;
  const first = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
  return first === '{' || first === '[' ? 'geojson' : 'imagescope';
}

export const otherAnnotationFormat = (format: AnnotationFormat): AnnotationFormat =>
  format === 'geojson' ? 'imagescope' : 'geojson';

/** Converts `text`, written in `from`, to the other format, with what could not be carried as warnings. */
export function convertAnnotations(text: string, from: AnnotationFormat): Conversion {
  return from === 'geojson' ? geoJsonToImageScope(text) : imageScopeToGeoJson(text);
}

/** "slide.geojson" → "slide.xml": the name a converted file is sent or saved under. */
export function withAnnotationExtension(fileName: string, format: AnnotationFormat): string {
  const base = fileName.replace(/\.(?:xml|geojson|json)$/i, '');
  return `${base}${format === 'imagescope' ? '.xml' : '.geojson'}`;
}
