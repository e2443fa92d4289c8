import { useMemo, useState } from 'react';
import type { ImageRecord } from '../../../src-shared/api/index.js';
import type { SlidePreview } from '../../../src-shared/app/index.js';
import { useQueueStore } from '../../stores/queue-store.js';
import { LoadingState } from '../../ui/index.js';
import { DetailsSection } from '../images/DetailsSection.js';
import { useSlidePreview } from '../previews/use-slide-preview.js';
import { overlayLayers, overlayScale } from './overlay-geometry.js';
import { OverlayLegend, type LegendGroup } from './OverlayLegend.js';
import { RegionOverlay } from './RegionOverlay.js';
import { useOverlaySources, type OverlaySource, type OverlaySourceKind } from './use-overlay-sources.js';
import './overlays.css';

const TITLES: Record<OverlaySourceKind, string> = {
  prediction: 'Prediction regions',
  imported: 'Imported regions',
};

const NO_SOURCES =
  'No regions to draw: this image has no completed prediction, and no annotation file was imported for it since the app started.';

/**
 * The prediction's regions (and those of an annotation file imported in this session) drawn over the slide's
 * thumbnail, one colour per layer, with a legend that shows and hides layers. Only for images uploaded from this
 * machine: the thumbnail is read from the local file their queue job points at.
 */
export function RegionOverlaySection({ image }: { image: ImageRecord }) {
  const job = useQueueStore((state) =>
    state.jobs.values().find((candidate) => candidate.imageUniqueId === image.image_unique_id),
  );
  const sources = useOverlaySources(image);
  let body;
  if (sources.length === 0) body = <p className="overlay-empty">{NO_SOURCES}</p>;
  else if (!job)
    body = (
      <p className="overlay-empty">
        No regions to draw: there is no thumbnail to draw them on. This image was not uploaded from this
        computer, or its upload has been cleared from the queue.
      </p>
    );
  else body = <OverlayOnThumbnail jobId={job.id} fileName={job.fileName} sources={sources} />;
  return (
    <DetailsSection title="Regions on the slide">
      <div data-testid="region-overlay-section">{body}</div>
    </DetailsSection>
  );
}

function OverlayOnThumbnail({
  jobId,
  fileName,
  sources,
}: {
  jobId: number;
  fileName: string;
  sources: OverlaySource[];
}) {
  const preview = useSlidePreview({ jobId }, 'thumbnail');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => legendGroups(sources, preview), [sources, preview]);
  const failures = sources.flatMap((source) =>
    source.state === 'failed' ? [`${TITLES[source.kind]} could not be drawn: ${source.message}`] : [],
  );
  const errors = failures.map((line) => (
    <p key={line} className="overlay-error" role="alert">
      {line}
    </p>
  ));

  if (preview === undefined || sources.some((source) => source.state === 'loading'))
    return <LoadingState label="Loading the regions and the thumbnail…" />;
  if (preview === null || !preview.available)
    return (
      <p className="overlay-empty">
        No regions to draw: {preview?.reason ?? `the thumbnail of ${fileName} could not be loaded.`}
      </p>
    );
  if (!preview.slideWidth || !preview.slideHeight)
    return (
      <p className="overlay-empty">
        No regions to draw: the headers of {fileName} do not give its full-resolution size, so the regions
        cannot be placed on its thumbnail.
      </p>
    );
  if (groups.length === 0)
    return (
      <>
        {failures.length < sources.length && (
          <p className="overlay-empty">No regions to draw: the annotations hold no regions.</p>
        )}
        {errors}
      </>
    );

  const toggle = (key: string, visible: boolean) =>
    setHidden((before) => {
      const after = new Set(before);
      if (visible) after.delete(key);
      else after.add(key);
      return after;
    });
  const shown = groups.flatMap((group) => group.layers).filter((drawn) => !hidden.has(drawn.key));
  return (
    <>
      <figure className="region-figure" data-testid="region-figure">
        <img
          src={preview.dataUrl}
          width={preview.width}
          height={preview.height}
          alt={`Thumbnail of ${fileName} with ${groups.map((group) => group.title.toLowerCase()).join(' and ')}`}
          draggable={false}
        />
        <RegionOverlay width={preview.width} height={preview.height} layers={shown} />
      </figure>
      <OverlayLegend groups={groups} hidden={hidden} onToggle={toggle} />
      {errors}
    </>
  );
}

/** Each source read, scaled onto the thumbnail; sources without regions are left out. */
function legendGroups(
  sources: readonly OverlaySource[],
  preview: SlidePreview | null | undefined,
): LegendGroup[] {
  if (!preview?.available || !preview.slideWidth || !preview.slideHeight) return [];
  const scale = overlayScale(preview, { width: preview.slideWidth, height: preview.slideHeight });
  return sources.flatMap((source) => {
    if (source.state !== 'read') return [];
    const layers = overlayLayers(source.document, scale, preview).map((layer) => ({
      key: `${source.kind}:${layer.index}`,
      layer,
      dashed: source.kind === 'imported',
    }));
    return layers.length === 0 ? [] : [{ title: TITLES[source.kind], fileName: source.fileName, layers }];
  });
}
