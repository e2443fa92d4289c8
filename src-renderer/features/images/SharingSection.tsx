import { useState, type FormEvent } from 'react';
import { parseSharedUserIds } from '../../../src-shared/api/index.js';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { Button, CloseIcon, PlusIcon } from '../../ui/index.js';
import { ActionFeedback } from './ActionFeedback.js';
import { DetailsSection } from './DetailsSection.js';
import { imageOwnerId } from './image-sharing.js';
import { useImagesStore } from './images-store.js';
import { ReplaceSharingDialog } from './ReplaceSharingDialog.js';
import { validateUsersToAdd } from './share-input.js';
import { useAction } from './use-action.js';

type ShareAction = 'adduser' | 'removeuser' | 'updateuser';

const DONE: Record<ShareAction, (ids: number[]) => string> = {
  adduser: (ids) => `Shared with ${ids.length === 1 ? 'user' : 'users'} ${ids.join(', ')}.`,
  removeuser: (ids) => `No longer shared with ${ids.length === 1 ? 'user' : 'users'} ${ids.join(', ')}.`,
  updateuser: (ids) => `Sharing list replaced: ${ids.join(', ')}.`,
};

/** Who the image is shared with: chips with remove buttons, an add field, and "Replace list". */
export function SharingSection({ image }: { image: ImageRow }) {
  const uid = image.image_unique_id;
  const ids = parseSharedUserIds(image.shared);
  const owner = imageOwnerId(image);
  const [draft, setDraft] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);

  const share = useAction(
    async (action: ShareAction, userIds: number[]) => {
      const updated = await appClient.send('images.share', { imageUniqueId: uid, action, userIds });
      useImagesStore.getState().applyImage(updated);
      setMessage(DONE[action](userIds));
      return updated;
    },
    { subject: image.filename },
  );

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateUsersToAdd(draft, ids, owner);
    if (!checked.ok) {
      setInputError(checked.message);
      return;
    }
    setInputError(null);
    if (await share.run('adduser', checked.ids)) setDraft('');
  };

  return (
    <DetailsSection
      title="Sharing"
      actions={
        <Button size="sm" variant="ghost" disabled={share.pending} onClick={() => setReplacing(true)}>
          Replace list…
        </Button>
      }
    >
      <ul className="share-chips" aria-label="Users with access">
        {ids.length === 0 && <li className="muted">Not shared with anyone.</li>}
        {ids.map((id) => (
          <li key={id} className="share-chip">
            <span>User {id}</span>
            {id === owner ? (
              <span className="share-chip__owner">owner</span>
            ) : (
              <button
                type="button"
                className="share-chip__remove"
                aria-label={`Stop sharing with user ${id}`}
                title={`Stop sharing with user ${id}`}
                disabled={share.pending}
                onClick={() => void share.run('removeuser', [id])}
              >
                <CloseIcon size={12} />
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="share-add" onSubmit={(event) => void onAdd(event)} noValidate>
        <label htmlFor={`share-${uid}`} className="visually-hidden">
          User ids to share with
        </label>
        <input
          id={`share-${uid}`}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          placeholder="User ids, e.g. 20, 21"
          value={draft}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? `share-${uid}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setInputError(null);
          }}
        />
        <Button type="submit" icon={<PlusIcon />} busy={share.pending}>
          Share
        </Button>
      </form>
      {inputError && (
        <p id={`share-${uid}-error`} className="action-feedback action-feedback--error" role="alert">
          {inputError}
        </p>
      )}
      <ActionFeedback message={message} error={share.error} />
      {replacing && (
        <ReplaceSharingDialog
          open
          current={ids}
          owner={owner}
          busy={share.pending}
          onCancel={() => setReplacing(false)}
          onReplace={async (next) => {
            if (await share.run('updateuser', next)) setReplacing(false);
          }}
        />
      )}
    </DetailsSection>
  );
}
