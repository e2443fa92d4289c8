import { useState, type DragEvent } from 'react';
import { droppedPaths, BROWSER_DROP_HINT } from '../../platform/dropped-paths.js';
import { Button, FileIcon, FolderIcon, UploadIcon } from '../../ui/index.js';

export interface DropZoneProps {
  onPaths: (paths: string[]) => void;
  /** Files were dropped without a path (a browser): explain and move to the path box. */
  onPathless: (message: string) => void;
  onPick: (kind: 'files' | 'folder') => void;
  picking: boolean;
}

/** Where slides are dropped; the buttons do the same for keyboard users. */
export function DropZone({ onPaths, onPathless, onPick, picking }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const { paths, withoutPath } = droppedPaths(event.dataTransfer.files);
    if (paths.length > 0) onPaths(paths);
    if (withoutPath > 0) onPathless(BROWSER_DROP_HINT);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone--over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <span className="drop-zone__icon" aria-hidden="true">
        <UploadIcon size={22} />
      </span>
      <div className="drop-zone__title">
        {over ? 'Drop to add these slides' : 'Drag slides or folders here'}
      </div>
      <div className="drop-zone__hint">
        Folders are searched for slides. Nothing is sent until you press Upload.
      </div>
      <div className="drop-zone__actions">
        <Button icon={<FileIcon />} onClick={() => onPick('files')} disabled={picking}>
          Add files…
        </Button>
        <Button icon={<FolderIcon />} onClick={() => onPick('folder')} disabled={picking}>
          Add folder…
        </Button>
      </div>
    </div>
  );
}
