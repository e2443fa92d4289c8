import { Checkbox } from '../../ui/index.js';

/** The de-identification switch, worded the same wherever slides are sent (Add slides, watch folders, Settings). */
export function DeidentifyCheckbox({
  checked,
  onChange,
  label = 'Remove labels and identifying details (de-identify)',
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label?: string;
}) {
  return (
    <Checkbox
      label={label}
      hint="The label and macro pictures and names, dates and scanner IDs in the file's details are left out of the upload; the file on this computer is not changed. SVS, NDPI and TIFF slides only: other slides, and any slide whose label cannot be found for sure, are refused with the reason."
      checked={checked}
      onChange={onChange}
    />
  );
}
