import type { UploadDefaults } from '../../../src-shared/app/index.js';
import { parseWholeNumber } from '../../ui/parse-number.js';

/** The metadata form as typed (text, so half-typed numbers stay put). */
export interface MetadataDraft {
  patient_id: string;
  entity_id: string;
  study: string;
  workarea: string;
  description: string;
}

export type MetadataErrors = Partial<Record<keyof MetadataDraft, string>>;

export const NUMBER_FIELDS = [
  { key: 'patient_id', label: 'Patient ID' },
  { key: 'entity_id', label: 'Entity ID' },
  { key: 'study', label: 'Study' },
  { key: 'workarea', label: 'Work area' },
] as const;

export const DESCRIPTION_MAX = 10_000;

export function draftFromDefaults(defaults: UploadDefaults | undefined): MetadataDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    patient_id: text(defaults?.patient_id),
    entity_id: text(defaults?.entity_id),
    study: text(defaults?.study),
    workarea: text(defaults?.workarea),
    description: defaults?.description ?? '',
  };
}

/** The draft as upload metadata (empty fields left out), or what is wrong with each field. */
export function parseMetadataDraft(
  draft: MetadataDraft,
): { ok: true; metadata: UploadDefaults } | { ok: false; errors: MetadataErrors } {
  const errors: MetadataErrors = {};
  const metadata: UploadDefaults = {};
  for (const { key, label } of NUMBER_FIELDS) {
    const parsed = parseWholeNumber(draft[key], label);
    if (!parsed.ok) errors[key] = parsed.error;
    else if (parsed.value !== undefined) metadata[key] = parsed.value;
  }
  const description = draft.description.trim();
  if (description.length > DESCRIPTION_MAX)
    errors.description = `The description is too long (${description.length.toLocaleString('en-US')} of ${DESCRIPTION_MAX.toLocaleString('en-US')} characters).`;
  else if (description) metadata.description = description;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, metadata };
}

/** Whether saving these as the new defaults would change anything. */
export function sameDefaults(a: UploadDefaults, b: UploadDefaults | undefined): boolean {
  const keys = ['patient_id', 'entity_id', 'study', 'workarea', 'description'] as const;
  return keys.every((key) => (a[key] ?? undefined) === (b?.[key] ?? undefined));
}
