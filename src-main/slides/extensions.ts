import path from 'node:path';
import type { SlideFormat } from './types.js';

/** Extension (lower-case, with dot) → the format family a file with that name should be. */
const FORMAT_BY_EXTENSION: ReadonlyMap<string, SlideFormat> = new Map<string, SlideFormat>([
  ['.svs', 'aperio-svs'],
  ['.ndpi', 'hamamatsu-ndpi'],
  ['.scn', 'leica-scn'],
  ['.bif', 'ventana-bif'],
  ['.tif', 'generic-tiff'],
  ['.tiff', 'generic-tiff'],
  ['.ptif', 'generic-tiff'],
  ['.btf', 'generic-tiff'],
  ['.czi', 'zeiss-czi'],
  ['.dcm', 'dicom'],
  ['.mrxs', 'mirax'],
  ['.vsi', 'olympus-vsi'],
]);

/** Known slide file extensions, lower-case with dot, for the watcher's default include patterns. */
export const SLIDE_EXTENSIONS: readonly string[] = Object.freeze([...FORMAT_BY_EXTENSION.keys()]);

export function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

export function hasSlideExtension(file: string): boolean {
  return FORMAT_BY_EXTENSION.has(extensionOf(file));
}

/** The format a file's name promises, or 'unknown' for names that are not slide names. */
export function formatFromExtension(file: string): SlideFormat {
  return FORMAT_BY_EXTENSION.get(extensionOf(file)) ?? 'unknown';
}
