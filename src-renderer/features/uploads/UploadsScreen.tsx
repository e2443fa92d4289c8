import { ScreenHeader } from '../../ui/index.js';
import { AddResults } from './AddResults.js';
import { AddSlidesPanel } from './AddSlidesPanel.js';
import { QueuePanel } from './QueuePanel.js';
import './uploads.css';

/** Add slides, see what QC made of them, and follow the queue. */
export function UploadsScreen() {
  return (
    <section className="screen uploads-screen" aria-labelledby="uploads-title">
      <ScreenHeader
        id="uploads-title"
        title="Uploads"
        subtitle="Add whole-slide images and follow their upload to PathomIQ."
      />
      <AddSlidesPanel />
      <AddResults />
      <QueuePanel />
    </section>
  );
}
