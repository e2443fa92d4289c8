import { useId } from 'react';
import type { OverlayLayer } from './overlay-geometry.js';

/** A layer to draw, and whether it came from an imported file (drawn dashed, to tell it from the prediction). */
export interface DrawnLayer {
  key: string;
  layer: OverlayLayer;
  dashed: boolean;
}

/**
 * The regions over a picture: an SVG the size of the picture, in its pixels. Each layer fills its regions
 * half-transparent in its colour, so the tissue stays visible beneath; NegativeROA regions are cut out through a
 * mask (their outline stays, dotted), so a hole shows the tissue in it whatever order the file lists them in.
 */
export function RegionOverlay({
  width,
  height,
  layers,
}: {
  width: number;
  height: number;
  layers: readonly DrawnLayer[];
}) {
  const id = useId().replace(/:/g, '');
  return (
    <svg
      className="region-overlay"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="region-overlay"
    >
      {layers.map(({ key, layer, dashed }, i) => {
        const mask = `${id}-hole-${i}`;
        return (
          <g
            key={key}
            className={
              dashed ? 'region-overlay__layer region-overlay__layer--dashed' : 'region-overlay__layer'
            }
            data-layer={layer.name}
            style={{ color: layer.color }}
          >
            {layer.holes && (
              <mask id={mask} maskUnits="userSpaceOnUse" x="0" y="0" width={width} height={height}>
                <rect width={width} height={height} fill="white" />
                <path d={layer.holes} fill="black" />
              </mask>
            )}
            {layer.areas && (
              <path
                className="region-overlay__areas"
                d={layer.areas}
                mask={layer.holes ? `url(#${mask})` : undefined}
              />
            )}
            {layer.holes && <path className="region-overlay__holes" d={layer.holes} />}
            {layer.marks && <path className="region-overlay__marks" d={layer.marks} />}
          </g>
        );
      })}
    </svg>
  );
}
