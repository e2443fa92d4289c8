import { ConversionWarnings, countOf, shortenForMessage } from './conversion-warnings.js';
import { NEGATIVE_REGION_METADATA_KEY } from './geojson-read.js';
import type { Conversion } from './geojson-to-imagescope.js';
import { imageScopeColorToRgb } from './imagescope-color.js';
import { readImageScopeXml, type ImageScopeLayer, type ImageScopeRegion } from './imagescope-read.js';
import { closedRing, featureOf, ringOf, type Feature } from './imagescope-region-features.js';
import type { ImageScopeVertexInput as Vertex } from './imagescope-types.js';
import { boundsContain, boundsOf, ringInsideRing, type Bounds } from './polygon-containment.js';
import { measurePolygon } from './region-geometry.js';

/** A positive region's outline, its holes and what is needed to find which holes belong to it. */
interface Outline {
  feature: Feature & { geometry: { type: 'Polygon' } };
  ring: Vertex[];
  bounds: Bounds;
  area: number;
}

/**
 * Aperio ImageScope XML → QuPath GeoJSON (a FeatureCollection, one Feature per line). Each layer becomes a
 * classification with the layer's name and colour; each region a Feature; each hole (NegativeROA="1") a hole
 * of the smallest region of its layer that contains it. Rectangles and ellipses become polygons, which is
 * reported, as is everything else GeoJSON cannot carry.
 */
export function imageScopeToGeoJson(text: string): Conversion {
  const reading = readImageScopeXml(text);
  if (!reading.ok) return reading;
  const { document } = reading;
  const warnings = new ConversionWarnings();
  if (document.micronsPerPixel !== null)
    warnings.add(
      'mpp',
      () =>
        `The resolution (MicronsPerPixel ${document.micronsPerPixel}) is not carried: GeoJSON coordinates are in pixels and QuPath takes the resolution from the slide.`,
    );
  const seenNames = new Set<string>();
  const features: Feature[] = [];
  for (const layer of document.layers) {
    if (seenNames.has(layer.name))
      warnings.add(
        `same-name:${layer.name}`,
        () =>
          `Several layers are called "${shortenForMessage(layer.name)}"; in QuPath they become one class.`,
      );
    seenNames.add(layer.name);
    features.push(...layerFeatures(layer, warnings));
  }
  const lines = features.map((feature) => JSON.stringify(feature));
  return {
    ok: true,
    text: `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`,
    warnings: warnings.list(),
    layers: document.layers.length,
    regions: document.layers.reduce((sum, layer) => sum + layer.regions.length, 0),
  };
}

function layerFeatures(layer: ImageScopeLayer, warnings: ConversionWarnings): Feature[] {
  const label = layer.name === '' ? 'the layer without a name' : `layer "${shortenForMessage(layer.name)}"`;
  if (layer.regions.length === 0)
    warnings.add(
      `empty:${layer.name}`,
      () =>
        `The ${label.replace(/^the /, '')} has no regions, so it is not in the GeoJSON (QuPath has no empty classes).`,
    );
  if (layer.attributeNames.length > 0)
    warnings.add(
      `layer-attributes:${layer.name}`,
      () =>
        `The attributes of ${label} (${layer.attributeNames.map((name) => shortenForMessage(name)).join(', ')}) are not carried: QuPath classes have a name and a colour only.`,
    );
  if (layer.lineColor === null)
    warnings.add(
      `colour:${layer.name}`,
      () => `${capitalise(label)} has no usable LineColor; QuPath will choose its colour.`,
    );
  const properties = propertiesOf(layer);

  const features: Feature[] = [];
  const outlines: Outline[] = [];
  const holes: Vertex[][] = [];
  for (const region of layer.regions) {
    noteRegionLosses(region, warnings);
    if (region.negative) {
      const ring = ringOf(region, warnings);
      if (ring !== null) holes.push(ring);
      else features.push(featureOf(region, properties, warnings));
      continue;
    }
    const feature = featureOf(region, properties, warnings);
    features.push(feature);
    if (feature.geometry.type === 'Polygon') {
      const ring = feature.geometry.coordinates[0]?.slice(0, -1).map(([x, y]) => ({ x, y })) ?? [];
      outlines.push({
        feature: feature as Outline['feature'],
        ring,
        bounds: boundsOf(ring),
        area: measurePolygon(ring).area,
      });
    }
  }
  for (const hole of holes) attachHole(hole, outlines, features, properties, warnings, label);
  return features;
}

function propertiesOf(layer: ImageScopeLayer): Feature['properties'] {
  if (layer.name === '') return { objectType: 'annotation' };
  const classification: NonNullable<Feature['properties']['classification']> = { name: layer.name };
  if (layer.lineColor !== null) {
    const { r, g, b } = imageScopeColorToRgb(layer.lineColor);
    classification.color = [r, g, b];
  }
  return { objectType: 'annotation', classification };
}

/** The hole joins the smallest region around it; a hole outside every region stays a marked polygon. */
function attachHole(
  hole: Vertex[],
  outlines: readonly Outline[],
  features: Feature[],
  properties: Feature['properties'],
  warnings: ConversionWarnings,
  label: string,
): void {
  const bounds = boundsOf(hole);
  let best: Outline | null = null;
  for (const outline of outlines) {
    if (!boundsContain(outline.bounds, bounds) || (best !== null && outline.area >= best.area)) continue;
    if (ringInsideRing(hole, outline.ring)) best = outline;
  }
  if (best !== null) {
    best.feature.geometry.coordinates.push(closedRing(hole));
    return;
  }
  warnings.add(
    `lone-hole:${label}`,
    (n) =>
      `${countOf(n, 'hole', 'holes')} (NegativeROA) in ${label} ${n === 1 ? 'lies' : 'lie'} outside every region; ${n === 1 ? 'it is' : 'they are'} kept as polygons marked "${NEGATIVE_REGION_METADATA_KEY}" in their metadata, which QuPath shows as ordinary annotations.`,
  );
  features.push({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [closedRing(hole)] },
    properties: { ...properties, metadata: { [NEGATIVE_REGION_METADATA_KEY]: '1' } },
  });
}

function noteRegionLosses(region: ImageScopeRegion, warnings: ConversionWarnings): void {
  if (region.negative && region.text !== '')
    warnings.add(
      'hole-text',
      (n) => `The Text of ${countOf(n, 'hole', 'holes')} is not carried: a hole in GeoJSON has no name.`,
    );
  if (region.hasDepth)
    warnings.add(
      'depth',
      (n) =>
        `${countOf(n, 'region has', 'regions have')} vertices with a Z (focal plane) other than 0; GeoJSON keeps x and y only.`,
    );
  if (region.attributeNames.length > 0)
    warnings.add(
      'region-attributes',
      (n) =>
        `The attributes of ${countOf(n, 'region', 'regions')} are not carried: QuPath objects have no place for ImageScope attributes.`,
    );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
