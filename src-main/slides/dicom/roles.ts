import type { DicomInstance } from './dicom-instance.js';

/**
 * What an instance of a whole-slide series shows, from the third value of ImageType (PS3.3 C.8.12.4.1.1):
 * a pyramid level (VOLUME) or an associated picture (LABEL, OVERVIEW, THUMBNAIL).
 */
export type ImageRole = 'volume' | 'label' | 'overview' | 'thumbnail' | 'other';

export function imageRole(instance: DicomInstance): ImageRole {
  switch (instance.imageType[2]) {
    case 'VOLUME':
      return 'volume';
    case 'LABEL':
      return 'label';
    case 'OVERVIEW':
      return 'overview';
    case 'THUMBNAIL':
      return 'thumbnail';
    default:
      return 'other';
  }
}

/** "dicom.label" → "label.dcm" (entry names, comma-separated when there are several) for metadata. */
export function associatedImages(
  instances: readonly DicomInstance[],
  nameOf: (instance: DicomInstance) => string,
): Record<string, string> {
  const found: Record<string, string[]> = {};
  for (const instance of instances) {
    const role = imageRole(instance);
    if (role === 'volume' || role === 'other') continue;
    (found[`dicom.${role}`] ??= []).push(nameOf(instance));
  }
  return Object.fromEntries(Object.entries(found).map(([key, names]) => [key, names.join(', ')]));
}
