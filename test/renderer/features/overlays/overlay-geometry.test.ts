import { describe, expect, it } from 'vitest';
import { buildImageScopeXml } from '../../../../src-shared/annotations/imagescope-build.js';
import {
  readImageScopeXml,
  type ImageScopeDocument,
} from '../../../../src-shared/annotations/imagescope-read.js';
import type { ImageScopeBuildInput } from '../../../../src-shared/annotations/imagescope-types.js';
import {
  layerColor,
  overlayLayers,
  overlayScale,
  simplify,
} from '../../../../src-renderer/features/overlays/overlay-geometry.js';

/** Through the real writer and reader, as a prediction file arrives. */
function documentOf(input: ImageScopeBuildInput): ImageScopeDocument {
  const reading = readImageScopeXml(buildImageScopeXml(input));
  if (!reading.ok) throw new Error(reading.message);
  return reading.document;
}

const ring = (cx: number, cy: number, r: number, points: number) =>
  Array.from({ length: points }, (_, i) => ({
    x: cx + r * Math.cos((i / points) * 2 * Math.PI),
    y: cy + r * Math.sin((i / points) * 2 * Math.PI),
  }));

/** Numbers of an SVG path, as [x, y] pairs (for paths of M/L/Z only). */
const pointsOf = (path: string): number[][] =>
  [...path.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);

describe('overlay geometry', () => {
  it('scales each axis by the picture over level 0', () => {
    expect(overlayScale({ width: 320, height: 240 }, { width: 64_000, height: 48_000 })).toEqual({
      x: 0.005,
      y: 0.005,
    });
    // A thumbnail whose rounding made it a little taller still maps the slide's corners onto its own.
    const scale = overlayScale({ width: 320, height: 181 }, { width: 1000, height: 565 });
    expect(565 * scale.y).toBeCloseTo(181);
    expect(1000 * scale.x).toBeCloseTo(320);
  });

  it('draws one layer per annotation, in its LineColor (BGR), with holes apart', () => {
    const document = documentOf({
      layers: [
        {
          name: 'Tumour',
          lineColor: 255,
          regions: [
            {
              type: 'polygon',
              vertices: [
                { x: 0, y: 0 },
                { x: 1000, y: 0 },
                { x: 1000, y: 1000 },
              ],
            },
            { type: 'polygon', negative: true, vertices: ring(600, 300, 100, 12) },
          ],
        },
        { name: 'Empty', lineColor: 0, regions: [] },
        {
          name: 'Benign',
          lineColor: 0xff0000,
          regions: [
            {
              type: 'rectangle',
              vertices: [
                { x: 0, y: 0 },
                { x: 500, y: 250 },
              ],
            },
          ],
        },
      ],
    });
    const layers = overlayLayers(document, { x: 0.1, y: 0.1 }, { width: 100, height: 100 });
    expect(
      layers.map((layer) => [layer.name, layer.color, layer.regionCount, layer.index, layer.outside]),
    ).toEqual([
      ['Tumour', '#ff0000', 2, 0, 0],
      ['Benign', '#0000ff', 1, 2, 0],
    ]);
    const [tumour, benign] = layers;
    expect(pointsOf(tumour!.areas)).toEqual([
      [0, 0],
      [100, 0],
      [100, 100],
    ]);
    expect(pointsOf(tumour!.holes)).toHaveLength(12);
    expect(tumour!.holes.endsWith('Z')).toBe(true);
    // Two opposite corners become the rectangle's four.
    expect(pointsOf(benign!.areas)).toEqual([
      [0, 0],
      [50, 0],
      [50, 25],
      [0, 25],
    ]);
  });

  it('winds every ring the same way, so overlapping regions fill as their union', () => {
    const square = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: 0, y: 100 },
    ];
    const document = documentOf({
      layers: [
        {
          name: 'A',
          lineColor: 255,
          regions: [
            { type: 'polygon', vertices: square },
            { type: 'polygon', vertices: [...square].reverse() },
          ],
        },
      ],
    });
    const [first, second] = overlayLayers(
      document,
      { x: 1, y: 1 },
      { width: 300, height: 300 },
    )[0]!.areas.split('Z');
    expect(signedArea(pointsOf(first!))).toBeGreaterThan(0);
    expect(signedArea(pointsOf(second!))).toBeGreaterThan(0);
  });

  it('simplifies a huge prediction region to what a thumbnail can show', () => {
    const document = documentOf({
      layers: [
        {
          name: 'Big',
          lineColor: 255,
          regions: [{ type: 'polygon', vertices: ring(50_000, 40_000, 20_000, 50_000) }],
        },
      ],
    });
    const scale = overlayScale({ width: 320, height: 256 }, { width: 100_000, height: 80_000 });
    const [big] = overlayLayers(document, scale, { width: 320, height: 256 }, { maxPoints: 200 });
    const points = pointsOf(big!.areas);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.length).toBeGreaterThan(50);
    // Still where the ring is: centre (160, 128), radius 64 picture pixels.
    for (const [x, y] of points) expect(Math.hypot(x! - 160, y! - 128)).toBeCloseTo(64, 0);
  });

  it('drops points closer than the minimum step, keeps the first so a region never vanishes', () => {
    const close = [
      { x: 0, y: 0 },
      { x: 0.2, y: 0 },
      { x: 0.4, y: 0 },
      { x: 1, y: 0 },
    ];
    expect(simplify(close, 0.5, 100)).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
    ]);
    expect(
      simplify(
        [
          { x: 3, y: 3 },
          { x: 3.1, y: 3 },
        ],
        0.5,
        100,
      ),
    ).toEqual([{ x: 3, y: 3 }]);
  });

  it('draws ellipses as arcs, rulers as lines and points as dots', () => {
    const document = documentOf({
      layers: [
        {
          name: '',
          lineColor: 65280,
          regions: [
            {
              type: 'ellipse',
              vertices: [
                { x: 0, y: 0 },
                { x: 200, y: 100 },
              ],
            },
            {
              type: 'ruler',
              vertices: [
                { x: 0, y: 0 },
                { x: 100, y: 100 },
              ],
            },
            { type: 'points', vertices: [{ x: 10, y: 20 }] },
          ],
        },
      ],
    });
    const [layer] = overlayLayers(document, { x: 1, y: 1 }, { width: 300, height: 300 });
    expect(layer!.name).toBe('Layer 1');
    expect(layer!.areas).toBe('M0 50A100 50 0 1 1 200 50A100 50 0 1 1 0 50Z');
    expect(layer!.marks).toBe('M0 0L100 100M10 20h0');
    expect(layer!.regionCount).toBe(3);
  });

  it('counts regions that lie wholly beyond the slide, as a prediction may place them', () => {
    const document = documentOf({
      layers: [
        {
          name: 'Edge',
          lineColor: 255,
          regions: [
            {
              type: 'rectangle',
              vertices: [
                { x: 2400, y: 300 },
                { x: 3000, y: 750 },
              ],
            },
            {
              type: 'rectangle',
              vertices: [
                { x: 1900, y: 300 },
                { x: 2500, y: 750 },
              ],
            },
          ],
        },
      ],
    });
    const [edge] = overlayLayers(document, { x: 0.1, y: 0.1 }, { width: 204.8, height: 204.8 });
    expect(edge!.outside).toBe(1);
  });

  it('gives layers without a colour distinct ones', () => {
    expect(layerColor(null, 0)).not.toBe(layerColor(null, 1));
    expect(layerColor(65280, 5)).toBe('#00ff00');
  });
});

function signedArea(points: number[][]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[(i + 1) % points.length]!;
    sum += ax! * by! - bx! * ay!;
  }
  return sum;
}
