import { useRef, useState, type ChangeEvent } from 'react';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { Button, FileIcon, UploadIcon } from '../../ui/index.js';
import { ActionFeedback } from './ActionFeedback.js';
import { annotationSummaryText, checkAnnotationFile } from './annotation-file.js';
import { DetailsSection } from './DetailsSection.js';
import { predictionState } from './prediction-state.js';
import { saveTextFile } from './save-text-file.js';
import { useAction } from './use-action.js';

/** Import an ImageScope annotation file (checked here first) and export the prediction as ImageScope XML. */
export function AnnotationsSection({ image }: { image: ImageRow }) {
  const uid = image.image_unique_id;
  const inputRef = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const importFile = useAction(
    async (file: File) => {
      const text = await file.text();
      const checked = checkAnnotationFile(file.name, file.size, () => text);
      if (!checked.ok) {
        setLocalError(checked.message);
        return;
      }
      const result = await appClient.send('annotations.import', {
        imageUniqueId: uid,
        fileName: file.name,
        xml: text,
      });
      setMessage(`Imported ${file.name}: ${annotationSummaryText(result.summary)}.`);
    },
    { subject: image.filename },
  );

  const exportXml = useAction(
    async () => {
      const { fileName, xml } = await appClient.send('annotations.exportPrediction', { imageUniqueId: uid });
      saveTextFile(fileName, xml);
      setMessage(`Saved ${fileName} to your downloads.`);
    },
    { subject: image.filename },
  );

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so picking the same file again (after fixing it) fires another change.
    event.target.value = '';
    if (!file) return;
    setMessage(null);
    setLocalError(null);
    void importFile.run(file);
  };

  const predicted = predictionState(image) === 'done';
  return (
    <DetailsSection title="Annotations">
      <input
        ref={inputRef}
        type="file"
        accept=".xml"
        className="visually-hidden"
        aria-label="ImageScope annotation file"
        tabIndex={-1}
        onChange={onPick}
      />
      <div className="details-actions">
        <Button icon={<UploadIcon />} busy={importFile.pending} onClick={() => inputRef.current?.click()}>
          Import ImageScope XML…
        </Button>
        <Button
          icon={<FileIcon />}
          busy={exportXml.pending}
          disabled={!predicted}
          title={predicted ? undefined : 'Available once a prediction has completed'}
          onClick={() => void exportXml.run()}
        >
          Export prediction XML
        </Button>
      </div>
      <ActionFeedback message={message} error={localError ?? importFile.error ?? exportXml.error} />
    </DetailsSection>
  );
}
