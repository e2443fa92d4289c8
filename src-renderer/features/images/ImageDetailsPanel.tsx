import type { KeyboardEvent } from 'react';
import { CloseIcon, IconButton, LoadingState } from '../../ui/index.js';
import { AnnotationsSection } from './AnnotationsSection.js';
import { DeleteImageSection } from './DeleteImageSection.js';
import { DetailsSection } from './DetailsSection.js';
import { DownloadSection } from './DownloadSection.js';
import { ImageFieldsList } from './ImageFieldsList.js';
import { ImageLogsSection } from './ImageLogsSection.js';
import { LocalSlidePictures } from './LocalSlidePictures.js';
import { RegionOverlaySection } from '../overlays/RegionOverlaySection.js';
import { ImageStatusBadges } from './ImageStatusBadges.js';
import { useDetailsImage, useImagesStore } from './images-store.js';
import { predictionState } from './prediction-state.js';
import { PredictionSection } from './PredictionSection.js';
import { SharingSection } from './SharingSection.js';
import { useLogs } from './use-logs.js';

/** Log refresh while a prediction runs: often enough that its stage and percentage move with it. */
const RUNNING_LOGS_MS = 1500;
const IDLE_LOGS_MS = 4000;

/** The side panel for the image opened from the table; Escape closes it. */
export function ImageDetailsPanel() {
  const image = useDetailsImage();
  const loading = useImagesStore((state) => state.loading);
  // One log feed for the panel: the Logs section lists it, the Prediction section reads the current stage from it.
  const running = image !== null && predictionState(image) === 'running';
  const logs = useLogs(
    image?.image_unique_id ?? null,
    image !== null,
    running ? RUNNING_LOGS_MS : IDLE_LOGS_MS,
  );
  const close = () => useImagesStore.getState().openDetails(null);
  const onKeyDown = (event: KeyboardEvent) => {
    // A dialog inside the panel (delete, replace list) handles its own Escape.
    const inDialog = event.target instanceof Element && event.target.closest('dialog') !== null;
    if (event.key === 'Escape' && !event.defaultPrevented && !inDialog) close();
  };

  return (
    <aside className="image-details" aria-labelledby="image-details-title" onKeyDown={onKeyDown}>
      <header className="image-details__header">
        <h2 id="image-details-title" className="image-details__title" title={image?.filename}>
          {image?.filename ?? 'Image details'}
        </h2>
        <IconButton label="Close details" onClick={close}>
          <CloseIcon />
        </IconButton>
      </header>
      {!image ? (
        loading ? (
          <LoadingState label="Loading the image…" />
        ) : (
          <p className="image-details__gone">
            This image is no longer in the list. It may have been deleted.
          </p>
        )
      ) : (
        // Keyed by image so per-image state (drafts, messages) never carries over to the next one.
        <div className="image-details__body" key={image.image_unique_id}>
          <ImageStatusBadges image={image} />
          <LocalSlidePictures image={image} />
          <RegionOverlaySection image={image} />
          <PredictionSection image={image} logs={logs} />
          <SharingSection image={image} />
          <AnnotationsSection image={image} />
          <DownloadSection image={image} />
          <DetailsSection title="Details">
            <ImageFieldsList image={image} />
          </DetailsSection>
          <ImageLogsSection logs={logs} />
          <DeleteImageSection image={image} />
        </div>
      )}
    </aside>
  );
}
