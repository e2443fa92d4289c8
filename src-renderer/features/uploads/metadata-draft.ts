import type { BatchMetadata } from '../../../src-shared/app/index.js';
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

/** Every field empty: how each batch starts unless the user chose to keep the last batch's details. */
export function emptyDraft(): MetadataDraft {
  return { patient_id: '', entity_id: '', study: '', workarea: '', description: '' };
}

/** The draft as upload metadata (empty fields left out), or what is wrong with each field. */
export function parseMetadataDraft(
  draft: MetadataDraft,
): { ok: true; metadata: BatchMetadata } | { ok: false; errors: MetadataErrors } {
  const errors: MetadataErrors = {};
  const metadata: BatchMetadata = {};
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

const KEPT_WORDS = {
  patient_id: 'patient',
  entity_id: 'entity',
  study: 'study',
  workarea: 'work area',
} as const satisfies Record<(typeof NUMBER_FIELDS)[number]['key'], string>;

/**
 * The kept values the form still holds, in words ("patient 12, study 5, description"), for the note that says
 * they came from the last batch; null when there are none (nothing kept, or every kept field was changed).
 */
export function keptSummary(draft: MetadataDraft, kept: BatchMetadata | null): string | null {
  if (kept === null) return null;
  const parts: string[] = [];
  for (const { key } of NUMBER_FIELDS) {
    const parsed = parseWholeNumber(draft[key]);
    if (kept[key] !== undefined && parsed.ok && parsed.value === kept[key])
      parts.push(`${KEPT_WORDS[key]} ${kept[key]}`);
  }
  if (kept.description !== undefined && draft.description.trim() === kept.description)
    parts.push('description');
  return parts.length > 0 ? parts.join(', ') : null;
}
