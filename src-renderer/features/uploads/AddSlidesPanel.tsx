import { useEffect, useRef, useState } from 'react';
import { appClient } from '../../platform/app-client.js';
import { usePathPicker } from '../file-browser/use-path-picker.js';
import { runAction } from '../../app/run-action.js';
import { useQueueStore } from '../../stores/queue-store.js';
import { Button, Checkbox, IconButton, CloseIcon, UploadIcon, baseName, plural } from '../../ui/index.js';
import { AddSlidesBar } from './AddSlidesBar.js';
import { useAddStore } from './add-store.js';
import { DeidentifyCheckbox } from './DeidentifyCheckbox.js';
import { DropZone } from './DropZone.js';
import { KeptNote } from './KeptNote.js';
import { MetadataForm } from './MetadataForm.js';
import { keptSummary, parseMetadataDraft, type MetadataErrors } from './metadata-draft.js';
import { PathBox } from './PathBox.js';

/** Drop, pick or type slides; fill in their details; hand them to the queue. */
export function AddSlidesPanel() {
  const { staged, draft, keep, kept, force, stage, unstage, clearStaged } = useAddStore();
  const { setDraft, clearDraft, setKeep, setForce, batchAdded } = useAddStore();
  const [errors, setErrors] = useState<MetadataErrors>({});
  const picker = usePathPicker();
  const [submitting, setSubmitting] = useState(false);
  const pathRef = useRef<HTMLTextAreaElement>(null);
  // Once the queue has rows the form folds into a bar, so the queue is in view; null means "decide by that".
  const [open, setOpen] = useState<boolean | null>(null);
  const queueHasRows = useQueueStore((state) => state.order.length > 0);
  // Starts as the Settings default; null until it is known (then queue.add applies the default itself).
  const [deidentify, setDeidentify] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void appClient
      .send('settings.get')
      .then((settings) => live && setDeidentify((chosen) => chosen ?? settings.deidentifyByDefault))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const keptText = keptSummary(draft, kept);

  // Native dialog or, in a browser tab, the in-app browser: either way the paths are staged the same.
  const pick = async (kind: 'files' | 'folder') =>
    stage(await picker.pick(kind === 'files' ? 'files' : 'folders'));
  // A browser drop has no paths: the browser opens at once, with one line saying why.
  const browseAfterDrop = async (message: string) => stage(await picker.browse('files', message));

  const submit = async () => {
    const parsed = parseMetadataDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    const outcomes = await runAction('Could not add the slides', () =>
      appClient.send('queue.add', {
        paths: staged,
        metadata: parsed.metadata,
        force,
        ...(deidentify === null ? {} : { deidentify }),
      }),
    );
    setSubmitting(false);
    if (!outcomes) return;
    // The details belong to this batch: the next one starts empty unless the user ticked "Keep".
    batchAdded(parsed.metadata, outcomes);
    setOpen(null);
  };

  if (open !== true && queueHasRows && staged.length === 0)
    return (
      <>
        {/* Kept mounted while folded, so a browser left open when the form folds still answers. */}
        {picker.dialog}
        <AddSlidesBar onOpen={() => setOpen(true)} keptText={keptText} />
      </>
    );

  return (
    <section className="card add-panel" aria-labelledby="add-slides-title">
      {picker.dialog}
      <header className="card__header">
        <h2 className="card__title" id="add-slides-title">
          Add slides
        </h2>
        {queueHasRows && (
          <Button
            size="sm"
            variant="ghost"
            aria-label="Hide the add slides form"
            onClick={() => setOpen(false)}
          >
            Hide
          </Button>
        )}
      </header>
      <div className="add-panel__body">
        <div className="add-panel__sources">
          <DropZone
            onPaths={stage}
            onPathless={(message) => void browseAfterDrop(message)}
            onPick={(kind) => void pick(kind)}
            picking={picker.picking}
          />
          <PathBox onPaths={stage} inputRef={pathRef} hint={null} />
          {staged.length > 0 && (
            <div className="staged">
              <div className="staged__header">
                <span>Ready to upload: {plural(staged.length, 'item')}</span>
                <Button size="sm" variant="ghost" onClick={clearStaged}>
                  Clear
                </Button>
              </div>
              <ul className="staged__list" aria-label="Files and folders to upload">
                {staged.slice(0, 200).map((path) => (
                  <li key={path} className="staged__item">
                    <span className="staged__name" title={path}>
                      {baseName(path)}
                    </span>
                    <span className="staged__path">{path}</span>
                    <IconButton label={`Remove ${baseName(path)}`} onClick={() => unstage(path)}>
                      <CloseIcon size={14} />
                    </IconButton>
                  </li>
                ))}
                {staged.length > 200 && (
                  <li className="staged__more">and {plural(staged.length - 200, 'more item')}</li>
                )}
              </ul>
            </div>
          )}
        </div>
        <div className="add-panel__details">
          <MetadataForm
            draft={draft}
            errors={errors}
            onChange={setDraft}
            force={force}
            onForce={setForce}
            note={keptText && <KeptNote summary={keptText} onClear={clearDraft} />}
          >
            <Checkbox
              label="Keep for the next batch"
              hint="These details will also be filled in for the next slides you add. Leave unticked to start each batch empty."
              checked={keep}
              onChange={setKeep}
            />
            <DeidentifyCheckbox checked={deidentify === true} onChange={setDeidentify} />
          </MetadataForm>
          <Button
            variant="primary"
            size="lg"
            icon={<UploadIcon />}
            busy={submitting}
            disabled={staged.length === 0}
            onClick={() => void submit()}
          >
            {staged.length === 0 ? 'Upload' : `Upload ${plural(staged.length, 'item')}`}
          </Button>
        </div>
      </div>
    </section>
  );
}
