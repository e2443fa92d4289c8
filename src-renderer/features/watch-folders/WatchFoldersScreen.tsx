import { useState } from 'react';
import type { WatchFolderView } from '../../../src-shared/watcher/index.js';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { useWatchStore } from '../../stores/watch-store.js';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorBanner,
  EyeIcon,
  LoadingState,
  PlusIcon,
  ScreenHeader,
} from '../../ui/index.js';
import { WatchFolderCard } from './WatchFolderCard.js';
import { WatchFolderForm } from './WatchFolderForm.js';
import './watch-folders.css';

/** Folders the uploader watches for new slides, with their live status. */
export function WatchFoldersScreen() {
  const { folders, order, loaded, loadError } = useWatchStore();
  const [editing, setEditing] = useState<WatchFolderView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [removing, setRemoving] = useState<WatchFolderView | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);

  const openForm = (folder: WatchFolderView | null) => {
    setEditing(folder);
    setFormOpen(true);
  };
  const toggle = (folder: WatchFolderView, enabled: boolean) =>
    void runAction(enabled ? 'Could not start watching' : 'Could not stop watching', () =>
      appClient.send('watch.setEnabled', { id: folder.id, enabled }),
    ).then((updated) => updated && useWatchStore.getState().upsert(updated));
  const remove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    const done = await runAction('Could not remove the watch folder', async () => {
      await appClient.send('watch.remove', { id: removing.id });
      return true;
    });
    setRemoveBusy(false);
    if (done) useWatchStore.getState().remove(removing.id);
    setRemoving(null);
  };
  const reload = () =>
    void runAction('Could not load the watch folders', () => appClient.send('watch.list')).then(
      (list) => list && useWatchStore.getState().load(list),
    );

  const addButton = (
    <Button variant="primary" icon={<PlusIcon />} onClick={() => openForm(null)}>
      Add watch folder
    </Button>
  );

  return (
    <section className="screen watch-screen" aria-labelledby="watch-title">
      <ScreenHeader
        id="watch-title"
        title="Watch folders"
        subtitle="Slides that appear in these folders are checked and uploaded automatically."
        actions={order.length > 0 ? addButton : undefined}
      />
      {loadError && !loaded ? (
        <ErrorBanner title="Could not load the watch folders" onRetry={reload}>
          {loadError}
        </ErrorBanner>
      ) : !loaded ? (
        <LoadingState label="Loading watch folders…" />
      ) : order.length === 0 ? (
        <div className="card">
          <EmptyState icon={<EyeIcon size={20} />} title="No watch folders" action={addButton}>
            Point the uploader at your scanner's output folder and every finished slide is uploaded without
            anyone dragging files.
          </EmptyState>
        </div>
      ) : (
        <ul className="watch-list" aria-label="Watch folders">
          {order.map((id) => {
            const folder = folders[id];
            if (!folder) return null;
            return (
              <WatchFolderCard
                key={id}
                folder={folder}
                onEdit={() => openForm(folder)}
                onRemove={() => setRemoving(folder)}
                onToggle={(enabled) => toggle(folder, enabled)}
              />
            );
          })}
        </ul>
      )}
      <WatchFolderForm open={formOpen} folder={editing} onClose={() => setFormOpen(false)} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this watch folder?"
        confirmLabel="Remove"
        busy={removeBusy}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>
          The uploader stops watching <strong className="mono">{removing?.path}</strong>. Files in the folder
          and uploads already in the queue are not touched.
        </p>
      </ConfirmDialog>
    </section>
  );
}
