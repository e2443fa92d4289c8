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
