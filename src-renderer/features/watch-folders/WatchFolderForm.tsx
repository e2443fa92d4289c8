import { useEffect, useState } from 'react';
import type { WatchFolderView } from '../../../src-shared/watcher/index.js';
import { SANDBOX_DEFAULT_USER, errorLine } from '../../../src-shared/app/index.js';
import { appClient } from '../../platform/app-client.js';
import { plainError } from '../../stores/describe-error.js';
import { useStatusStore } from '../../stores/status-store.js';
import { notify } from '../../stores/notifications-store.js';
import {
  Button,
  Checkbox,
  Dialog,
  ErrorBanner,
  FolderIcon,
  NumberField,
  Select,
  TextField,
} from '../../ui/index.js';
import { usePathPicker } from '../file-browser/use-path-picker.js';
import { DeidentifyCheckbox } from '../uploads/DeidentifyCheckbox.js';
import { MetadataForm } from '../uploads/MetadataForm.js';
import {
  draftFromFolder,
  emptyWatchDraft,
  parseWatchDraft,
  type WatchFolderDraft,
  type WatchFolderErrors,
  withoutFields,
} from './watch-folder-draft.js';
import { AFTER_UPLOAD_TEXT } from './watch-status-text.js';

/** Whether the uploader's refusal is about the typed folder (it names the path it refused). */
function namesPath(message: string, typed: string): boolean {
  const trimmed = typed.trim().replace(/(.)[\\/]+$/, '$1');
  return trimmed !== '' && message.includes(trimmed);
}

/** Add or edit a watch folder in a dialog; `folder` null adds a new one. */
export function WatchFolderForm({
  open,
  folder,
  onClose,
}: {
  open: boolean;
  folder: WatchFolderView | null;
  onClose: () => void;
}) {
  const userId = useStatusStore((state) => state.status?.userId ?? null);
  const sandbox = useStatusStore((state) => state.status?.server.sandbox ?? false);
  const [draft, setDraft] = useState<WatchFolderDraft>(emptyWatchDraft);
  const [errors, setErrors] = useState<WatchFolderErrors>({});
  const [saving, setSaving] = useState(false);
  const picker = usePathPicker();

  const appUser = userId ?? (sandbox ? SANDBOX_DEFAULT_USER : null);

  useEffect(() => {
    if (!open) return;
    setDraft(folder ? draftFromFolder(folder) : emptyWatchDraft(appUser));
    setErrors({});
    // Only when the dialog opens: the user typed stays while the app's user changes underneath.
  }, [open, folder]);

  // A field's error goes as soon as that field is changed: it spoke of the value that was there.
  const update = (patch: Partial<WatchFolderDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) => withoutFields(current, Object.keys(patch)));
  };

  // Native dialog, or the in-app browser in a browser tab.
  const pick = async () => {
    const [picked] = await picker.pick('watch-folder');
    if (picked) update({ path: picked });
  };

  const save = async () => {
    // Errors of the last attempt go: this one is judged afresh.
    setErrors({});
    if (!draft.userid.trim() && appUser === null) {
      setErrors({
        userid: 'Enter the PathomIQ user these slides belong to, or set your user ID in Settings.',
      });
      return;
    }
    const parsed = parseWatchDraft(draft, appUser ?? 0);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setSaving(true);
    let saved;
    try {
      saved = await (folder
        ? appClient.send('watch.update', { id: folder.id, settings: parsed.settings })
        : appClient.send('watch.add', parsed.settings));
    } catch (error) {
      const plain = plainError(error);
      const message = errorLine(plain);
      // A missing, unreachable or already watched folder belongs on the field; anything else is a toast.
      if (namesPath(message, draft.path)) setErrors({ path: message });
      else
        notify({
          level: 'error',
          title: folder ? 'Could not save the watch folder' : 'Could not add the watch folder',
          body: message,
          detail: plain.detail,
        });
      return;
    } finally {
      setSaving(false);
    }
    notify({
      level: 'success',
      title: folder ? 'Watch folder saved' : 'Watching a new folder',
      body: saved.path,
    });
    onClose();
  };

  return (
    <Dialog
      open={open}
      title={folder ? 'Edit watch folder' : 'Add a watch folder'}
      description="New slides that appear in this folder are checked and uploaded by themselves."
      onClose={onClose}
      size="lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={saving} onClick={() => void save()}>
            {folder ? 'Save' : 'Add folder'}
          </Button>
        </>
      }
    >
      {/* Outside the form, so nothing in the browser can submit it. */}
      {picker.dialog}
      <form
        className="watch-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="watch-form__path">
          <TextField
            label="Folder"
            value={draft.path}
            onChange={(path) => update({ path })}
            error={errors.path}
            placeholder="/data/scanner/out"
            spellCheck={false}
            autoFocus
          />
          <Button icon={<FolderIcon />} disabled={picker.picking} onClick={() => void pick()}>
            Choose…
          </Button>
        </div>
        <div className="watch-form__grid">
          <NumberField
            label="Subfolder levels"
            optional
            value={draft.depth}
            onChange={(depth) => update({ depth })}
            error={errors.depth}
            hint="Empty watches every level; 0 only the folder itself."
          />
          <TextField
            label="File types"
            optional
            value={draft.extensions}
            onChange={(extensions) => update({ extensions })}
            error={errors.extensions}
            placeholder=".svs, .ndpi"
            hint="Empty uploads every known slide type."
          />
          <NumberField
            label="Wait until unchanged for (seconds)"
            inputMode="decimal"
            value={draft.stableSeconds}
            onChange={(stableSeconds) => update({ stableSeconds })}
            error={errors.stableSeconds}
            hint="A file is uploaded once the scanner has stopped writing it."
          />
          <Select
            label="Change detection"
            value={draft.polling}
            onChange={(polling) => update({ polling })}
            options={[
              { value: 'auto', label: 'Automatic (poll network drives)' },
              { value: 'off', label: 'System events' },
              { value: 'on', label: 'Polling (slower, works everywhere)' },
            ]}
          />
        </div>
        <div className="watch-form__grid">
          <NumberField
            label="Upload as user"
            value={draft.userid}
            onChange={(userid) => update({ userid })}
            error={errors.userid}
            hint={
              appUser === null
                ? 'The PathomIQ user ID the slides belong to.'
                : `The PathomIQ user ID the slides belong to; yours is ${appUser}.`
            }
          />
          <Select
            label="After upload"
            value={draft.afterUpload}
            onChange={(afterUpload) => update({ afterUpload })}
            options={[
              { value: 'leave', label: AFTER_UPLOAD_TEXT.leave },
              { value: 'move', label: AFTER_UPLOAD_TEXT.move },
              { value: 'delete', label: AFTER_UPLOAD_TEXT.delete },
            ]}
          />
          {draft.afterUpload === 'move' && (
            <TextField
              label="Subfolder"
              value={draft.moveSubdir}
              onChange={(moveSubdir) => update({ moveSubdir })}
              error={errors.moveSubdir}
              hint="Created inside the watched folder."
            />
          )}
        </div>
        {draft.afterUpload === 'delete' && (
          <ErrorBanner tone="warning" title="Originals will be deleted">
            Each slide file is deleted from this folder once the server has confirmed the upload. Keep another
            copy if you may need the file again.
          </ErrorBanner>
        )}
        <MetadataForm
          draft={draft.metadata}
          errors={errors.metadata ?? {}}
          onChange={(metadata) => update({ metadata })}
          force={false}
          onForce={() => undefined}
          showForce={false}
        />
        <DeidentifyCheckbox
          label="Upload its slides de-identified (labels and identifying details removed)"
          checked={draft.deidentify}
          onChange={(deidentify) => update({ deidentify })}
        />
        <Checkbox
          label="Watch this folder"
          hint="Turn off to stop uploading from it without forgetting the settings."
          checked={draft.enabled}
          onChange={(enabled) => update({ enabled })}
        />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
