import { Button, Dialog } from '../../ui/index.js';

/**
 * Asked when the user leaves Settings with edits not saved: Save (then leave), Discard (then leave) or Stay.
 * Stay has the focus first and is what Escape does, so a stray key never drops or saves anything.
 */
export function UnsavedChangesDialog({
  open,
  saving,
  onSave,
  onDiscard,
  onStay,
}: {
  open: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  onStay: () => void;
}) {
  return (
    <Dialog
      open={open}
      title="Save your changes to the settings?"
      onClose={onStay}
      size="sm"
      footer={
        <>
          <Button autoFocus onClick={onStay}>
            Stay
          </Button>
          <Button variant="ghost" disabled={saving} onClick={onDiscard}>
            Discard
          </Button>
          <Button variant="primary" busy={saving} onClick={onSave}>
            Save
          </Button>
        </>
      }
    >
      <p>Some settings were changed and not saved. Leaving now would drop them.</p>
    </Dialog>
  );
}
