import { useEffect, useMemo, useState } from 'react';
import type { ImageRecord } from '../../../src-shared/api/index.js';
import { geoJsonToImageScope } from '../../../src-shared/annotations/geojson-to-imagescope.js';
import { appClient } from '../../platform/app-client.js';
import { describeError } from '../../stores/describe-error.js';
import { predictionState } from '../images/prediction-state.js';
import { useImportedAnnotations } from './imported-annotations.js';
import type { OverlayDocument } from './overlay-geometry.js';
import { scanImageScopeXml } from './overlay-xml.js';

export type OverlaySourceKind = 'prediction' | 'imported';

/** One set of regions to draw: read, still on its way, or why it cannot be drawn. */
export type OverlaySource = { kind: OverlaySourceKind; fileName: string } & (
  { state: 'loading' } | { state: 'read'; document: OverlayDocument } | { state: 'failed'; message: string }
);

/** The prediction (once completed) and the annotation file imported in this session, for one image. */
export function useOverlaySources(image: ImageRecord): OverlaySource[] {
  const prediction = usePredictionSource(image);
  const imported = useImportedSource(image.image_unique_id);
  // Kept while both are: scaling a big prediction onto the thumbnail is redone only when a source changes.
  return useMemo(
    () => [prediction, imported].filter((source): source is OverlaySource => source !== null),
    [prediction, imported],
  );
}

const loadingPrediction: OverlaySource = { kind: 'prediction', fileName: '', state: 'loading' };

function usePredictionSource(image: ImageRecord): OverlaySource | null {
  const uid = image.image_unique_id;
  const done = predictionState(image) === 'done';
  const [answer, setAnswer] = useState<{ uid: string; source: OverlaySource } | null>(null);
  useEffect(() => {
    if (!done) return;
    let current = true;
    appClient
      .send('annotations.exportPrediction', { imageUniqueId: uid, format: 'imagescope' })
      .then(
        (exported): OverlaySource => ({
          kind: 'prediction',
          fileName: exported.fileName,
          state: 'read',
          document: scanImageScopeXml(exported.xml),
        }),
        (error: unknown): OverlaySource => ({
          kind: 'prediction',
          fileName: image.filename,
          state: 'failed',
          message: describeError(error, { subject: image.filename }),
        }),
      )
      .then((source) => {
        if (current) setAnswer({ uid, source });
      });
    return () => {
      current = false;
    };
    // The file name only words an error; a new prediction shows as `done` turning false and true again.
  }, [uid, done]);
  if (!done) return null;
  if (answer?.uid === uid) return answer.source;
  return loadingPrediction;
}

function useImportedSource(uid: string): OverlaySource | null {
  const file = useImportedAnnotations((state) => state.byImage[uid]);
  return useMemo(() => {
    if (!file) return null;
    // A GeoJSON file was checked before it was sent, so converting it again here only repeats what worked.
    const converted = file.format === 'geojson' ? geoJsonToImageScope(file.text) : null;
    if (converted && !converted.ok)
      return { kind: 'imported', fileName: file.fileName, state: 'failed', message: converted.message };
    const document = scanImageScopeXml(converted ? converted.text : file.text);
    return { kind: 'imported', fileName: file.fileName, state: 'read', document };
  }, [file]);
}
