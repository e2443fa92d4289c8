import { useRef, useState, type ChangeEvent } from 'react';
import type { AnnotationFormat } from '../../../src-shared/annotations/annotation-formats.js';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { Button, FileIcon, UploadIcon } from '../../ui/index.js';
import { useImportedAnnotations } from '../overlays/imported-annotations.js';
import { ActionFeedback } from './ActionFeedback.js';
import { annotationSummaryText, checkAnnotationFile } from './annotation-file.js';
import { ConversionNotes } from './ConversionNotes.js';
import { DetailsSection } from './DetailsSection.js';
import { predictionState } from './prediction-state.js';
import { saveTextFile } from './save-text-file.js';
import { useAction } from './use-action.js';

const EXPORT_FORMATS: ReadonlyArray<{ value: AnnotationFormat; label: string }> = [
  { value: 'imagescope', label: 'ImageScope XML' },
  { value: 'geojson', label: 'QuPath GeoJSON' },
];

/** What the last action could not carry between the formats, and which way it went. */
interface Notes {
  title: string;
  lines: string[];
}

/**
 * Import an ImageScope XML or QuPath GeoJSON annotation file (checked, and converted, here first) and export the
 * prediction as ImageScope XML or QuPath GeoJSON. What a conversion cannot carry is listed, never dropped silently.
 */
export function AnnotationsSection({ image }: { image: ImageRow }) {
  const uid = image.image_unique_id;
  const inputRef = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Notes | null>(null);
  const [exportFormat, setExportFormat] = useState<AnnotationFormat>('imagescope');

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
        format: checked.format,
      });
      useImportedAnnotations.getState().remember(uid, { fileName: file.name, format: checked.format, text });
      const converted =
        checked.format === 'geojson' ? `, converted from QuPath GeoJSON to ${result.uploadedAs}` : '';
      setMessage(`Imported ${file.name}: ${annotationSummaryText(result.summary)}${converted}.`);
      setNotes({ title: 'Not carried over from QuPath GeoJSON', lines: result.warnings });
    },
    { subject: image.filename },
  );

  const exportPrediction = useAction(
    async () => {
      const exported = await appClient.send('annotations.exportPrediction', {
        imageUniqueId: uid,
        format: exportFormat,
      });
      saveTextFile(exported.fileName, exported.geojson ?? exported.xml);
      setMessage(`Saved ${exported.fileName} to your downloads.`);
      setNotes({ title: 'Not carried over to QuPath GeoJSON', lines: exported.warnings });
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
    setNotes(null);
    void importFile.run(file);
  };

  const predicted = predictionState(image) === 'done';
  const unavailable = predicted ? undefined : 'Available once a prediction has completed';
  const error = localError ?? importFile.error ?? exportPrediction.error;
  return (
    <DetailsSection title="Annotations">
      <input
        ref={inputRef}
        type="file"
        accept=".xml,.geojson,.json"
        className="visually-hidden"
        aria-label="Annotation file (ImageScope XML or QuPath GeoJSON)"
        tabIndex={-1}
        onChange={onPick}
      />
      <div className="details-actions">
        <Button
          icon={<UploadIcon />}
          busy={importFile.pending}
          title="An ImageScope .xml file, or a QuPath .geojson file (converted to ImageScope XML before it is sent)"
          onClick={() => inputRef.current?.click()}
        >
          Import annotations…
        </Button>
        <div className="annotations-export">
          <select
            className="select annotations-export__format"
            aria-label="Prediction export format"
            value={exportFormat}
            disabled={!predicted}
            title={unavailable}
            onChange={(event) => setExportFormat(event.target.value as AnnotationFormat)}
          >
            {EXPORT_FORMATS.map((format) => (
              <option key={format.value} value={format.value}>
                {format.label}
              </option>
            ))}
          </select>
          <Button
            icon={<FileIcon />}
            busy={exportPrediction.pending}
            disabled={!predicted}
            title={unavailable}
            onClick={() => void exportPrediction.run()}
          >
            Export prediction
          </Button>
        </div>
      </div>
      <ActionFeedback message={message} error={error} />
      {!error && notes !== null && <ConversionNotes title={notes.title} notes={notes.lines} />}
    </DetailsSection>
  );
}
