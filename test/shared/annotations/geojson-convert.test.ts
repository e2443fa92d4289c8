import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  annotationFormatOfFileName,
  geoJsonToImageScope,
  imageScopeToGeoJson,
  withAnnotationExtension,
  type Conversion,
} from '../../../src-shared/annotations/annotation-formats.js';
import { buildImageScopeXml, validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { readImageScopeXml } from '../../../src-shared/annotations/imagescope-read.js';
import { GEOJSON_LIMITS } from '../../../src-shared/annotations/geojson-schema.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';

function expectConverted(result: Conversion): Extract<Conversion, { ok: true }> {
  if (!result.ok) throw new Error(`expected a conversion, got: ${result.message}`);
  return result;
}

function expectRefused(result: Conversion): string {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.message;
}

type Json = Record<string, unknown>;
const featuresOf = (geojson: string): Json[] => (JSON.parse(geojson) as { features: Json[] }).features;

/** A QuPath 0.4-style export: two classes, a polygon with two holes, a MultiPolygon-free set of shapes. */
const QUPATH_EXPORT = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [1000.125, 800.0625],
            [1600.3333333333333, 800.0625],
            [1600.3333333333333, 1200.9999999],
            [1000.125, 1200.9999999],
            [1000.125, 800.0625],
          ],
          [
            [1100, 900],
            [1200, 900],
            [1200, 1000],
            [1100, 900],
          ],
          [
            [1300.5, 900],
            [1400.25, 900],
            [1400.25, 1000.75],
            [1300.5, 900],
          ],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'G4 focus',
        classification: { name: 'Tumor', color: [200, 0, 0] },
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [10, 10],
            [20, 10],
            [15, 0.000001],
            [10, 10],
          ],
        ],
      },
      properties: { objectType: 'annotation', classification: { name: 'Tumor', color: [200, 0, 0] } },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [200.5, 300.25],
            [640.75, 310],
            [420, 700.5],
            [200.5, 300.25],
          ],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'stroma',
        classification: { name: 'Benign', color: [0, 128, 255] },
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [5, 5],
          [105.5, 5],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'margin',
        classification: { name: 'Benign', color: [0, 128, 255] },
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [1, 2],
          [3, 4],
          [5.5, 6.5],
        ],
      },
      properties: { objectType: 'annotation', classification: { name: 'Mitosis', color: [255, 255, 0] } },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [7, 8] },
      properties: { objectType: 'annotation', classification: { name: 'Mitosis', color: [255, 255, 0] } },
    },
  ],
};

/** What a feature keeps through XML: geometry, name and classification (objectType is always "annotation"). */
const comparable = (feature: Json) => ({ geometry: feature.geometry, properties: feature.properties });

describe('GeoJSON → ImageScope XML → GeoJSON', () => {
  it('keeps every vertex exactly, the classes with their colours, names and holes', () => {
    const xml = expectConverted(geoJsonToImageScope(JSON.stringify(QUPATH_EXPORT)));
    expect(validateImageScopeXml(xml.text)).toMatchObject({
      ok: true,
      summary: { layers: 3, regions: 8, negativeRegions: 2, layerNames: ['Tumor', 'Benign', 'Mitosis'] },
    });
    expect(xml).toMatchObject({ layers: 3, regions: 8 });
    // RGB [200, 0, 0] is ImageScope's BGR integer 200; [0, 128, 255] is 255·65536 + 128·256.
    expect(xml.text).toContain('Name="Tumor"');
    expect(xml.text).toMatch(/Name="Tumor"[^>]*LineColor="200"/);
    expect(xml.text).toMatch(/Name="Benign"[^>]*LineColor="16744448"/);
    expect(xml.text).toContain('X="1600.3333333333333" Y="1200.9999999"');
    expect(xml.text).toContain('Y="0.000001"');

    const back = expectConverted(imageScopeToGeoJson(xml.text));
    expect(featuresOf(back.text).map(comparable)).toEqual(QUPATH_EXPORT.features.map(comparable));
  });

  it('reports what ImageScope cannot hold instead of dropping it', () => {
    const withExtras = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: '0d8b7b31-7c7a-4b8e-9d0e-2f6a1c3b4d5e',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [10, 0],
                [10, 10, 3],
                [0, 0],
              ],
            ],
            plane: { z: 2, t: 0, c: -1 },
          },
          nucleusGeometry: {
            type: 'Polygon',
            coordinates: [
              [
                [2, 2],
                [3, 2],
                [3, 3],
                [2, 2],
              ],
            ],
          },
          properties: {
            objectType: 'cell',
            isLocked: true,
            classification: { name: 'Tumor', colorRGB: -3670016 },
            measurements: { 'Nucleus: Area': 12.5 },
            metadata: { source: 'stardist' },
          },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [5, 5],
              [9, 1],
            ],
          },
          properties: { objectType: 'annotation' },
        },
      ],
    };
    const result = expectConverted(geoJsonToImageScope(JSON.stringify(withExtras)));
    const said = result.warnings.join('\n');
    for (const expected of [
      /1 cell object became ImageScope regions/,
      /measurements of 1 object are not carried/,
      /metadata of 1 object \(e\.g\. "source"\)/,
      /1 object is locked/,
      /nucleus outlines of 1 cell/,
      /ids of 1 object are not kept/,
      /another z-slice/,
      /third value \(z\)/,
      /1 line of 3 or more points became closed freehand regions/,
      /unclassified objects have no colour; their layer is drawn red/,
    ])
      expect(said).toMatch(expected);
    // colorRGB -3670016 is 0xFFC80000: red 200.
    expect(result.text).toMatch(/Name="Tumor"[^>]*LineColor="200"/);
    expect(result.text).toMatch(/Name=""[^>]*LineColor="255"/);
  });

  it('says when one class is given several colours, rather than recolouring silently', () => {
    const feature = (color: number[]) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [1, 1] },
      properties: { classification: { name: 'Tumor', color } },
    });
    const result = expectConverted(
      geoJsonToImageScope(JSON.stringify([feature([255, 0, 0]), feature([0, 0, 255])])),
    );
    expect(result.warnings.join('\n')).toMatch(
      /class "Tumor" are given 2 different class colours; .* the first \(255,0,0\)/,
    );
    expect(result.text).toMatch(/Name="Tumor"[^>]*LineColor="255"/);
  });

  it('reads a bare array of features and a single Feature, as QuPath writes without FEATURE_COLLECTION', () => {
    const [first] = QUPATH_EXPORT.features;
    expect(expectConverted(geoJsonToImageScope(JSON.stringify(QUPATH_EXPORT.features)))).toMatchObject({
      layers: 3,
    });
    expect(expectConverted(geoJsonToImageScope(JSON.stringify(first)))).toMatchObject({
      layers: 1,
      regions: 3,
    });
  });

  it('splits a MultiPolygon into regions and says so', () => {
    const multi = {
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 0],
            ],
          ],
          [
            [
              [20, 20],
              [40, 20],
              [40, 40],
              [20, 40],
              [20, 20],
            ],
            [
              [25, 25],
              [30, 25],
              [30, 30],
              [25, 25],
            ],
          ],
        ],
      },
      properties: { classification: { name: 'Tumor', color: [255, 0, 0] } },
    };
    const result = expectConverted(geoJsonToImageScope(JSON.stringify(multi)));
    expect(result).toMatchObject({ layers: 1, regions: 3 });
    expect(result.warnings.join('\n')).toMatch(/1 object has several parts/);
    const back = featuresOf(expectConverted(imageScopeToGeoJson(result.text)).text);
    expect(back.map((feature) => feature.geometry)).toEqual([
      { type: 'Polygon', coordinates: multi.geometry.coordinates[0] },
      { type: 'Polygon', coordinates: multi.geometry.coordinates[1] },
    ]);
  });
});

describe('ImageScope XML → GeoJSON → ImageScope XML', () => {
  it('gives back the same file for freehand regions, holes, rulers and points in several layers', () => {
    const xml = buildImageScopeXml({
      layers: [
        {
          name: 'Tumor',
          lineColor: 255,
          regions: [
            {
              type: 'polygon',
              text: 'G4 focus',
              vertices: [
                { x: 1200, y: 800 },
                { x: 1600.1234, y: 800 },
                { x: 1600, y: 1200 },
                { x: 1200, y: 1200.5 },
              ],
            },
            {
              type: 'polygon',
              negative: true,
              vertices: [
                { x: 1350, y: 950 },
                { x: 1450, y: 950 },
                { x: 1450, y: 1050 },
              ],
            },
            {
              type: 'polygon',
              vertices: [
                { x: 0, y: 0 },
                { x: 5, y: 0 },
                { x: 5, y: 5 },
              ],
            },
          ],
        },
        {
          name: 'Benign',
          lineColor: 65280,
          regions: [
            {
              type: 'ruler',
              text: 'margin',
              vertices: [
                { x: 1, y: 1 },
                { x: 2, y: 3 },
              ],
            },
            {
              type: 'points',
              vertices: [
                { x: 7, y: 7 },
                { x: 8, y: 9 },
              ],
            },
          ],
        },
      ],
    });
    const geojson = expectConverted(imageScopeToGeoJson(xml));
    expect(geojson.warnings).toEqual([]);
    const features = featuresOf(geojson.text);
    expect(features).toHaveLength(4);
    expect(features[0]).toMatchObject({
      properties: { name: 'G4 focus', classification: { name: 'Tumor', color: [255, 0, 0] } },
      geometry: {
        type: 'Polygon',
        coordinates: [
          expect.any(Array),
          [
            [1350, 950],
            [1450, 950],
            [1450, 1050],
            [1350, 950],
          ],
        ],
      },
    });
    expect(features[3]).toMatchObject({
      geometry: { type: 'MultiPoint' },
      properties: { classification: { color: [0, 255, 0] } },
    });
    expect(expectConverted(geoJsonToImageScope(geojson.text)).text).toBe(xml);
  });

  it('attaches each hole to the smallest region of its layer that contains it, even when listed first', () => {
    const xml = buildImageScopeXml({
      layers: [
        {
          name: 'Tumor',
          lineColor: 255,
          regions: [
            {
              type: 'polygon',
              negative: true,
              vertices: [
                { x: 40, y: 40 },
                { x: 60, y: 40 },
                { x: 60, y: 60 },
              ],
            },
            {
              type: 'polygon',
              vertices: [
                { x: 0, y: 0 },
                { x: 100, y: 0 },
                { x: 100, y: 100 },
                { x: 0, y: 100 },
              ],
            },
            {
              type: 'polygon',
              vertices: [
                { x: 30, y: 30 },
                { x: 70, y: 30 },
                { x: 70, y: 70 },
                { x: 30, y: 70 },
              ],
            },
            {
              type: 'polygon',
              negative: true,
              vertices: [
                { x: 500, y: 500 },
                { x: 510, y: 500 },
                { x: 510, y: 510 },
              ],
            },
          ],
        },
      ],
    });
    const result = expectConverted(imageScopeToGeoJson(xml));
    const features = featuresOf(result.text);
    const rings = features.map(
      (feature) => (feature.geometry as { coordinates: unknown[] }).coordinates.length,
    );
    expect(rings).toEqual([1, 2, 1]);
    expect(features[2]).toMatchObject({ properties: { metadata: { 'ImageScope NegativeROA': '1' } } });
    expect(result.warnings.join('\n')).toMatch(
      /1 hole \(NegativeROA\) in layer "Tumor" lies outside every region/,
    );
    // The lone hole comes back as a hole.
    const again = readImageScopeXml(expectConverted(geoJsonToImageScope(result.text)).text);
    if (!again.ok) throw new Error(again.message);
    expect(again.document.layers[0]?.regions.map((region) => region.negative)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('turns rectangles and ellipses into polygons and reports them, with layer attributes, resolution and empty layers', () => {
    const xml = buildImageScopeXml({
      micronsPerPixel: 0.25,
      layers: [
        {
          name: 'Shapes',
          lineColor: 16711680,
          attributes: { Description: 'Gleason pattern 4' },
          regions: [
            {
              type: 'rectangle',
              vertices: [
                { x: 10, y: 20 },
                { x: 30, y: 40 },
              ],
            },
            {
              type: 'ellipse',
              vertices: [
                { x: 0, y: 0 },
                { x: 200, y: 100 },
              ],
            },
          ],
        },
        { name: 'Nothing found', lineColor: 255, regions: [] },
      ],
    });
    const result = expectConverted(imageScopeToGeoJson(xml));
    const [rectangle, ellipse] = featuresOf(result.text);
    expect(rectangle?.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [10, 20],
          [30, 20],
          [30, 40],
          [10, 40],
          [10, 20],
        ],
      ],
    });
    expect((ellipse?.geometry as { coordinates: unknown[][] }).coordinates[0]).toHaveLength(65);
    const said = result.warnings.join('\n');
    expect(said).toMatch(/1 rectangle became a polygon with the same corners/);
    expect(said).toMatch(/1 ellipse became 64-corner polygons/);
    expect(said).toMatch(/attributes of layer "Shapes" \(Description\)/);
    expect(said).toMatch(/MicronsPerPixel 0\.25/);
    expect(said).toMatch(/layer "Nothing found" has no regions/);
  });

  it("refuses XML that is not ImageScope with the upload check's own words", () => {
    expect(expectRefused(imageScopeToGeoJson('<ASAP_Annotations/>'))).toMatch(/ASAP XML/);
    expect(expectRefused(imageScopeToGeoJson(''))).toMatch(/empty/);
  });
});

describe('hostile GeoJSON', () => {
  /** Built as text: JSON.stringify would turn 1e999 into null and recurse on deep nesting. */
  const polygon = (coordinates: string) =>
    `{"type":"Feature","geometry":{"type":"Polygon","coordinates":${coordinates}},"properties":{}}`;

  it('refuses broken JSON, foreign JSON and empty collections with a reason', () => {
    expect(expectRefused(geoJsonToImageScope('{"type":"FeatureCollection","features":['))).toMatch(
      /not valid JSON/,
    );
    expect(expectRefused(geoJsonToImageScope('{"hello":1}'))).toMatch(/not GeoJSON/);
    expect(expectRefused(geoJsonToImageScope('{"type":"FeatureCollection","features":[]}'))).toMatch(
      /no objects with a shape/,
    );
    expect(expectRefused(geoJsonToImageScope('   '))).toMatch(/empty/);
  });

  it('refuses Infinity (1e999), strings and short positions, naming the object', () => {
    expect(expectRefused(geoJsonToImageScope(polygon('[[[0,0],[1e999,0],[1,1],[0,0]]]')))).toMatch(
      /Object 1 \(Polygon\): a position holds Infinity, 0 instead of two finite numbers/,
    );
    expect(expectRefused(geoJsonToImageScope(polygon('[[[0,0],["1",0],[1,1],[0,0]]]')))).toMatch(/"1", 0/);
    expect(expectRefused(geoJsonToImageScope(polygon('[[[0],[1,0],[1,1],[0]]]')))).toMatch(
      /at least two numbers/,
    );
    expect(expectRefused(geoJsonToImageScope(polygon('[[[0,0],[1,1],[0,0]]]')))).toMatch(
      /fewer than 3 corners/,
    );
  });

  it('refuses a bad classification colour and unknown geometry types through the schema', () => {
    const badColour = JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [1, 1] },
      properties: { classification: { name: 'x', color: [300, 0, 0] } },
    });
    expect(expectRefused(geoJsonToImageScope(badColour))).toMatch(
      /Object 1: "properties\.classification\.color\.0"/,
    );
    const curve = JSON.stringify({ type: 'Feature', geometry: { type: 'Curve', coordinates: [] } });
    expect(expectRefused(geoJsonToImageScope(curve))).toMatch(/Object 1: "geometry/);
  });

  it('survives a million levels of nesting without recursing', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(expectRefused(geoJsonToImageScope(deep))).toMatch(/Object 1/);
    const deepCoordinates = polygon(`${'['.repeat(100_000)}0${']'.repeat(100_000)}`);
    expect(expectRefused(geoJsonToImageScope(deepCoordinates))).toMatch(/position/);
    const deepMeasurements = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const deepProperties = `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,1]},"properties":{"measurements":${deepMeasurements}}}`;
    expect(expectConverted(geoJsonToImageScope(deepProperties)).warnings.join('\n')).toMatch(/measurements/);
  });

  it('stops at the vertex limit before walking a huge coordinate array, and counts across objects', () => {
    const limits = { ...GEOJSON_LIMITS, maxPositions: 1000 };
    // The items are not even positions: the count is checked before any of them is read.
    const huge = `{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[${'"x",'.repeat(1000)}"x"]}}`;
    expect(expectRefused(geoJsonToImageScope(huge, limits))).toMatch(
      /Object 1 \(MultiPoint\): the file holds more than 1,000 vertices/,
    );
    const point = '{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}}';
    expect(
      expectConverted(geoJsonToImageScope(`[${Array(500).fill(point).join(',')}]`, limits)).regions,
    ).toBe(500);
    expect(expectRefused(geoJsonToImageScope(`[${Array(501).fill(point).join(',')}]`, limits))).toMatch(
      /Object 501/,
    );
    expect(GEOJSON_LIMITS.maxPositions).toBe(5_000_000);
  });

  it('refuses more objects or bytes than the limits', () => {
    const point = '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}';
    const limits = { ...GEOJSON_LIMITS, maxFeatures: 3, maxBytes: 1024 };
    const four = `{"type":"FeatureCollection","features":[${Array(4).fill(point).join(',')}]}`;
    expect(expectRefused(geoJsonToImageScope(four, limits))).toMatch(/more than 3 objects/);
    expect(expectRefused(geoJsonToImageScope(`[${Array(4).fill(point).join(',')}]`, limits))).toMatch(
      /more than 3 objects/,
    );
    expect(expectRefused(geoJsonToImageScope(`[${Array(20).fill(point).join(',')}]`, limits))).toMatch(
      /larger than 1(\.0)? KiB/,
    );
  });

  it('writes names that XML cannot carry safely', () => {
    const named = JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [1, 1] },
      properties: { name: 'R&D <5 mm> "x"\u0001', classification: { name: 'a"b', color: [1, 2, 3] } },
    });
    const result = expectConverted(geoJsonToImageScope(named));
    expect(validateImageScopeXml(result.text).ok).toBe(true);
    const back = featuresOf(expectConverted(imageScopeToGeoJson(result.text)).text);
    expect(back[0]?.properties).toMatchObject({
      name: 'R&D <5 mm> "x"\uFFFD',
      classification: { name: 'a"b' },
    });
  });
});

describe('file names', () => {
  it('chooses the format by extension and renames converted files', () => {
    expect(annotationFormatOfFileName('a.XML')).toBe('imagescope');
    expect(annotationFormatOfFileName('a.geojson')).toBe('geojson');
    expect(annotationFormatOfFileName('a.json')).toBe('geojson');
    expect(annotationFormatOfFileName('a.txt')).toBeNull();
    expect(withAnnotationExtension('case.geojson', 'imagescope')).toBe('case.xml');
    expect(withAnnotationExtension('case_prediction.xml', 'geojson')).toBe('case_prediction.geojson');
  });
});

describe.skipIf(!hasSharedFixtures)('shared annotation fixtures', () => {
  it('converts imagescope-two-classes.xml to GeoJSON and back with the same layers, colours, vertices and hole', () => {
    const xml = readFileSync(fixturePath('annotations', 'imagescope-two-classes.xml'), 'utf8');
    const geojson = expectConverted(imageScopeToGeoJson(xml));
    const back = expectConverted(geoJsonToImageScope(geojson.text));
    const before = readImageScopeXml(xml);
    const after = readImageScopeXml(back.text);
    if (!before.ok || !after.ok) throw new Error('fixture did not read');
    const shapeOf = (document: typeof before.document) =>
      document.layers
        .filter((layer) => layer.regions.length > 0)
        .map((layer) => ({
          name: layer.name,
          lineColor: layer.lineColor,
          regions: layer.regions
            .filter((region) => region.typeCode === 0)
            .map((region) => ({ negative: region.negative, vertices: region.vertices })),
        }));
    expect(shapeOf(after.document)).toEqual(shapeOf(before.document));
    expect(geojson.warnings.length).toBeGreaterThan(0);
  });

  it("refuses the malformed and foreign fixtures with the ImageScope check's message", () => {
    for (const name of ['malformed-unclosed.xml', 'not-imagescope-asap.xml', 'empty.xml']) {
      const text = readFileSync(fixturePath('annotations', name), 'utf8');
      expect(imageScopeToGeoJson(text).ok).toBe(false);
    }
  });
});
