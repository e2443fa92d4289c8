import { useRef } from 'react';
import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import type { PreviewTarget } from './preview-requests.js';
import { useInView } from './use-in-view.js';
import { useSlidePreview } from './use-slide-preview.js';
import './previews.css';

const WHAT: Record<SlidePreviewKind, string> = {
  thumbnail: 'Thumbnail',
  label: 'Label',
  macro: 'Macro image',
};

export type PictureSize = 'sm' | 'md' | 'lg';

/**
 * One picture of a slide (thumbnail, label or macro), asked for when it scrolls into view. While on its way it
 * holds its place; a picture the slide has not got shows as a quiet "No label" box whose tooltip says why
 * (or nothing at all, with `hideMissing`). Label pictures may show patient names: they are only ever shown here,
 * on this machine.
 */
export function SlidePicture({
  target,
  kind,
  name,
  size = 'md',
  hideMissing = false,
}: {
  target: PreviewTarget;
  kind: SlidePreviewKind;
  /** The slide's file name, for the picture's text alternative. */
  name: string;
  size?: PictureSize;
  hideMissing?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = useInView(ref);
  const preview = useSlidePreview(target, kind, visible);
  const className = `slide-picture slide-picture--${size} slide-picture--${kind}`;
  if (preview?.available)
    return (
      <div ref={ref} className={className} data-testid={`slide-${kind}`} data-source={preview.source}>
        <img
          src={preview.dataUrl}
          width={preview.width}
          height={preview.height}
          alt={`${WHAT[kind]} of ${name}`}
          title={preview.source === 'smallest-level' ? `${name} (its smallest level)` : undefined}
          draggable={false}
        />
      </div>
    );
  if (preview && hideMissing) return null;
  if (preview === undefined)
    return <div ref={ref} className={`${className} slide-picture--waiting`} aria-hidden="true" />;
  const reason = preview?.reason ?? `The ${WHAT[kind].toLowerCase()} of ${name} could not be loaded.`;
  return (
    <div
      ref={ref}
      className={`${className} slide-picture--missing`}
      data-testid={`slide-${kind}-missing`}
      title={reason}
      role="img"
      aria-label={`No ${WHAT[kind].toLowerCase()}: ${reason}`}
    >
      {/* A 40 px queue-row box has room for a dash only; the tooltip and the label say why. */}
      {size === 'sm' ? '–' : `No ${WHAT[kind].toLowerCase()}`}
    </div>
  );
}

/** The pictures a technician recognises a slide by, side by side: thumbnail and label (and macro when asked). */
export function SlidePictures({
  target,
  name,
  size = 'md',
  macro = false,
}: {
  target: PreviewTarget;
  name: string;
  size?: PictureSize;
  macro?: boolean;
}) {
  return (
    <div className="slide-pictures" data-testid="slide-pictures">
      <SlidePicture target={target} kind="thumbnail" name={name} size={size} />
      <SlidePicture target={target} kind="label" name={name} size={size} />
      {macro && <SlidePicture target={target} kind="macro" name={name} size={size} hideMissing />}
    </div>
  );
}
