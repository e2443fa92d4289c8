import type { ReactNode } from 'react';
import { Checkbox, NumberField, TextArea } from '../../ui/index.js';
import { NUMBER_FIELDS, type MetadataDraft, type MetadataErrors } from './metadata-draft.js';

/** Patient, entity, study, work area and description for the slides being added. */
export function MetadataForm({
  draft,
  errors,
  onChange,
  force,
  onForce,
  showForce = true,
  note,
  children,
}: {
  draft: MetadataDraft;
  errors: MetadataErrors;
  onChange: (draft: MetadataDraft) => void;
  force: boolean;
  onForce: (force: boolean) => void;
  showForce?: boolean;
  /** Shown above the fields (e.g. that they were kept from the last batch). */
  note?: ReactNode;
  /** Extra choices under the description (e.g. "Keep for the next batch"). */
  children?: ReactNode;
}) {
  return (
    <fieldset className="metadata-form">
      <legend className="metadata-form__legend">Details for these slides</legend>
      {note}
      <div className="metadata-form__grid">
        {NUMBER_FIELDS.map(({ key, label }) => (
          <NumberField
            key={key}
            label={label}
            optional
            value={draft[key]}
            error={errors[key]}
            onChange={(value) => onChange({ ...draft, [key]: value })}
          />
        ))}
      </div>
      <TextArea
        label="Description"
        optional
        rows={2}
        value={draft.description}
        error={errors.description}
        onChange={(value) => onChange({ ...draft, description: value })}
      />
      {children}
      {showForce && (
        <Checkbox
          label="Upload again even if already uploaded"
          hint="Normally a slide that was uploaded before (same file or same content) is skipped."
          checked={force}
          onChange={onForce}
        />
      )}
    </fieldset>
  );
}
