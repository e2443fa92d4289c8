import type { ImageRow } from '../../../src-shared/app/results.js';
import { formatTissueArea } from './image-badges.js';

export type FieldKind = 'text' | 'mono' | 'date' | 'url';

export interface ImageField {
  label: string;
  value: string | null;
  kind: FieldKind;
}

const text = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

/** Every field of the image object with a readable label, in the order people look for them. */
export function imageFields(image: ImageRow): ImageField[] {
  const fields: ImageField[] = [
    { label: 'File name', value: image.filename, kind: 'text' },
    { label: 'Image id', value: image.image_unique_id, kind: 'mono' },
    { label: 'Record number', value: text(image.id), kind: 'mono' },
    { label: 'Status', value: text(image.status), kind: 'text' },
    { label: 'Patient', value: text(image.patient_id), kind: 'text' },
    { label: 'Entity', value: text(image.entity_id), kind: 'text' },
    { label: 'Study', value: text(image.study), kind: 'text' },
    { label: 'Study id', value: text(image.study_id), kind: 'text' },
    { label: 'Work area', value: text(image.workarea), kind: 'text' },
    { label: 'Work area id', value: text(image.workarea_id), kind: 'text' },
    { label: 'Tissue area', value: formatTissueArea(image.tissue_area), kind: 'text' },
    { label: 'Description', value: text(image.description), kind: 'text' },
    { label: 'Location', value: text(image.location), kind: 'text' },
    { label: 'Added', value: text(image.adddate), kind: 'date' },
    { label: 'Modified', value: text(image.moddate), kind: 'date' },
    { label: 'Download URL', value: text(image.base_download_url), kind: 'url' },
    { label: 'Raw files URL', value: text(image.base_raw_download_url), kind: 'url' },
  ];
  if (image.ownerId !== null)
    fields.push({ label: 'Listed for user', value: String(image.ownerId), kind: 'text' });
  return fields;
}
