import type { DragEvent } from 'react';
import { Button, UploadIcon } from '../../ui/index.js';

/**
 * The "Add slides" card folded to one line while the queue has rows, so the queue stays in view. Dragging files
 * over it opens the full form, where they can be dropped.
 */
export function AddSlidesBar({ onOpen, keptText }: { onOpen: () => void; keptText: string | null }) {
  const onDragEnter = (event: DragEvent) => {
    if (event.dataTransfer.types.includes('Files')) onOpen();
  };
  return (
    <section className="card add-bar" aria-labelledby="add-slides-title" onDragEnter={onDragEnter}>
      <span className="add-bar__icon" aria-hidden="true">
        <UploadIcon size={16} />
      </span>
      <div className="add-bar__text">
        <h2 className="card__title" id="add-slides-title">
          Add slides
        </h2>
        <span className="add-bar__hint">
          Drag slides or folders here, or open the form to pick or type them.
        </span>
        {keptText && (
          // Folded or not, the form never hides that the next slides will get the last batch's details.
          <span className="add-bar__kept">Kept for the next batch — {keptText}</span>
        )}
      </div>
      <Button variant="primary" icon={<UploadIcon />} aria-expanded="false" onClick={onOpen}>
        Add more slides
      </Button>
    </section>
  );
}
