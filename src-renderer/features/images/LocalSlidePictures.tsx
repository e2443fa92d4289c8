import type { ImageRecord } from '../../../src-shared/api/index.js';
import { useQueueStore } from '../../stores/queue-store.js';
import { SlidePictures } from '../previews/SlidePicture.js';
import { DetailsSection } from './DetailsSection.js';

/**
 * The thumbnail, label and macro of an image uploaded from this machine, read from the local file its queue job
 * still points at (the server keeps no such pictures). Nothing for images uploaded elsewhere or whose job was
 * cleared from the queue.
 */
export function LocalSlidePictures({ image }: { image: ImageRecord }) {
  const job = useQueueStore((state) =>
    state.jobs.values().find((candidate) => candidate.imageUniqueId === image.image_unique_id),
  );
  if (!job) return null;
  return (
    <DetailsSection title="Slide pictures (from this computer)">
      <SlidePictures target={{ jobId: job.id }} name={job.fileName} size="lg" macro />
    </DetailsSection>
  );
}
