import { useState } from 'react';
import { ConfirmDialog, TextField } from '../../ui/index.js';
import { validateReplacementList } from './share-input.js';

interface ReplaceSharingDialogProps {
  open: boolean;
  current: readonly number[];
  owner: number | null;
  busy: boolean;
  onCancel: () => void;
  onReplace: (ids: number[]) => void;
}

/** "Replace list": the whole sharing list typed at once (updateuser); the owner always stays in it. */
export function ReplaceSharingDialog({
  open,
  current,
  owner,
  busy,
  onCancel,
  onReplace,
}: ReplaceSharingDialogProps) {
  // Filled once per opening (the parent mounts it on open): a refresh while typing must not overwrite the draft.
  const [draft, setDraft] = useState(() => current.join(', '));
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const checked = validateReplacementList(draft, owner);
    if (!checked.ok) setError(checked.message);
    else onReplace(checked.ids);
  };

  return (
    <ConfirmDialog
      open={open}
      title="Replace the sharing list"
      confirmLabel="Replace list"
      tone="primary"
      busy={busy}
      onConfirm={submit}
      onCancel={onCancel}
    >
      <TextField
        label="User ids with access"
        value={draft}
        onChange={(value) => {
          setDraft(value);
          setError(null);
        }}
        error={error}
        hint={
          owner === null
            ? 'Separate ids with commas or spaces.'
            : `Separate ids with commas or spaces. The owner (user ${owner}) always keeps access.`
        }
        inputMode="numeric"
        autoComplete="off"
      />
    </ConfirmDialog>
  );
}
