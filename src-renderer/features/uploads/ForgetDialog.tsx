import { useState } from 'react';
import type { JobView } from '../../../src-shared/engine/index.js';
import { ConfirmDialog } from '../../ui/index.js';
import { forgetUpload } from './queue-actions.js';

/**
 * "Forget <file>?" for a finished upload. Forgetting is what makes the same slide upload again: the app stops
 * answering "Already uploaded" for it. The image on the server is not touched.
 */
export function ForgetDialog({ job, onClose }: { job: JobView | null; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!job) return;
    setBusy(true);
    await forgetUpload(job);
    setBusy(false);
    onClose();
  };
  return (
    <ConfirmDialog
      open={job !== null}
      title={`Forget ${job?.fileName ?? 'this upload'}?`}
      confirmLabel="Forget upload"
      cancelLabel="Keep it"
      tone="primary"
      busy={busy}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <p>
        The image stays on the server. If you add this file again, it will be uploaded again as a new image.
      </p>
    </ConfirmDialog>
  );
}
