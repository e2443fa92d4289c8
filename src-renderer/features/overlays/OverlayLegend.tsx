import type { DrawnLayer } from './RegionOverlay.js';

export interface LegendGroup {
  /** "Prediction regions" / "Imported regions". */
  title: string;
  /** The file they came from. */
  fileName: string;
  layers: readonly DrawnLayer[];
}

/**
 * Which colour is which layer, how many regions each has, and a checkbox per layer to show or hide it (native
 * checkboxes: Tab and Space work, and screen readers say the layer and its state).
 */
export function OverlayLegend({
  groups,
  hidden,
  onToggle,
}: {
  groups: readonly LegendGroup[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string, visible: boolean) => void;
}) {
  return (
    <div className="overlay-legend" data-testid="overlay-legend">
      {groups.map((group) => (
        <fieldset key={group.title} className="overlay-legend__group">
          <legend className="overlay-legend__title" title={group.fileName}>
            {group.title}
          </legend>
          <ul className="overlay-legend__layers">
            {group.layers.map(({ key, layer, dashed }) => (
              <li key={key}>
                <label className="overlay-legend__layer" data-testid="overlay-legend-layer">
                  <input
                    type="checkbox"
                    checked={!hidden.has(key)}
                    onChange={(event) => onToggle(key, event.target.checked)}
                  />
                  <span
                    className={`overlay-legend__swatch${dashed ? ' overlay-legend__swatch--dashed' : ''}`}
                    style={{ color: layer.color }}
                    aria-hidden="true"
                  />
                  <span className="overlay-legend__name">{layer.name}</span>
                  <span className="overlay-legend__count">
                    {layer.regionCount} region{layer.regionCount === 1 ? '' : 's'}
                    {layer.outside > 0 && `, ${outsideWords(layer.outside, layer.regionCount)}`}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}

/** Regions placed beyond the slide's edge: said, so an empty-looking layer is not taken for a missing one. */
function outsideWords(outside: number, total: number): string {
  if (outside === total) return total === 1 ? 'outside the slide' : 'all outside the slide';
  return `${outside} outside the slide`;
}
