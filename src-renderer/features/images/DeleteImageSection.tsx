import { useState } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { notify } from '../../stores/notifications-store.js';
import { Button, ConfirmDialog, TrashIcon } from '../../ui/index.js';
import { ActionFeedback } from './ActionFeedback.js';
import { DetailsSection } from './DetailsSection.js';
import { useImagesStore } from './images-store.js';
import { useAction } from './use-action.js';

/** Delete with a confirmation naming the file; the row and the panel go away when the server agrees. */
export function DeleteImageSection({ image }: { image: ImageRow }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(
    async () => {
      await appClient.send('images.delete', { imageUniqueId: image.image_unique_id });
      setConfirming(false);
      useImagesStore.getState().removeImage(image.image_unique_id);
      notify({
        level: 'success',
        title: 'Image deleted',
        body: `${image.filename} was removed from PathomIQ.`,
      });
    },
    { subject: image.filename },
  );

  return (
    <DetailsSection title="Delete">
      <div className="details-actions">
        <Button variant="danger" icon={<TrashIcon />} onClick={() => setConfirming(true)}>
          Delete image…
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${image.filename}?`}
        confirmLabel="Delete image"
        busy={remove.pending}
        onConfirm={() => void remove.run()}
        onCancel={() => {
          if (remove.pending) return;
          remove.clearError();
          setConfirming(false);
        }}
      >
        <p>This removes the image and its files from PathomIQ.</p>
        {remove.error && <ActionFeedback message={null} error={remove.error} />}
      </ConfirmDialog>
    </DetailsSection>
  );
}
