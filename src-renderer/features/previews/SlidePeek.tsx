import { useState, type FocusEvent } from 'react';
import { createPortal } from 'react-dom';
import type { PreviewTarget } from './preview-requests.js';
import { SlidePicture, SlidePictures } from './SlidePicture.js';

/**
 * A small thumbnail for a list row; pointing at it (or focusing it) opens the larger thumbnail, label and macro
 * beside it. The card lives at the end of the page (a portal) and is placed against the window, so a scrolling
 * list's clipping never hides it.
 */
export function SlidePeek({ target, name }: { target: PreviewTarget; name: string }) {
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const open = (element: Element) => {
    const box = element.getBoundingClientRect();
    const left = Math.min(box.right + 8, window.innerWidth - 360);
    const top = Math.max(8, Math.min(box.top - 8, window.innerHeight - 260));
    setAt({ top, left: Math.max(8, left) });
  };
  return (
    <span
      className="slide-peek"
      tabIndex={0}
      role="button"
      aria-label={`Show the pictures of ${name}`}
      aria-expanded={at !== null}
      data-testid="slide-peek"
      onMouseEnter={(event) => open(event.currentTarget)}
      onMouseLeave={() => setAt(null)}
      onFocus={(event: FocusEvent<HTMLSpanElement>) => open(event.currentTarget)}
      onBlur={() => setAt(null)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAt(null);
      }}
    >
      <SlidePicture target={target} kind="thumbnail" name={name} size="sm" />
      {at &&
        createPortal(
          <div
            className="slide-peek__card"
            style={{ top: at.top, left: at.left }}
            data-testid="slide-peek-card"
          >
            <SlidePictures target={target} name={name} size="lg" macro />
          </div>,
          document.body,
        )}
    </span>
  );
}
