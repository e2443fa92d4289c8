import { describe, expect, it } from 'vitest';
import { buildImageScopeXml } from '../../../../src-shared/annotations/imagescope-build.js';
import { readImageScopeXml } from '../../../../src-shared/annotations/imagescope-read.js';
import { scanImageScopeXml } from '../../../../src-renderer/features/overlays/overlay-xml.js';
import { ASAP_ANNOTATIONS, VALID_IMAGESCOPE } from '../../../helpers/imagescope-samples.js';

/** The parts drawing uses, from the full reader: the scan must agree with it. */
function fullReading(xml: string) {
  const reading = readImageScopeXml(xml);
  if (!reading.ok) throw new Error(reading.message);
  return {
    layers: reading.document.layers.map((layer) => ({
      name: layer.name,
      lineColor: layer.lineColor,
      regions: layer.regions.map(({ typeCode, negative, vertices }) => ({ typeCode, negative, vertices })),
    })),
  };
}

describe('scanImageScopeXml', () => {
  it('reads what the full reader reads, for an ImageScope sample and a written prediction', () => {
    expect(scanImageScopeXml(VALID_IMAGESCOPE)).toEqual(fullReading(VALID_IMAGESCOPE));
    const written = buildImageScopeXml({
      micronsPerPixel: 0.25,
      layers: [
        {
          name: 'Tumour & "margin" <1 mm>',
          lineColor: 255,
          attributes: { Description: 'Region attributes are not regions' },
          regions: [
            {
              type: 'polygon',
              text: 'a > b',
              vertices: [
                { x: 1.5, y: 2 },
                { x: 10, y: 2 },
                { x: 10, y: 20.25 },
              ],
            },
            {
              type: 'polygon',
              negative: true,
              vertices: [
                { x: 3, y: 3 },
                { x: 4, y: 3 },
                { x: 4, y: 4 },
              ],
            },
          ],
        },
        {
          name: '',
          lineColor: 65280,
          regions: [
            {
              type: 'ellipse',
              vertices: [
                { x: 0, y: 0 },
                { x: 5, y: 5 },
              ],
            },
          ],
        },
      ],
    });
    const scanned = scanImageScopeXml(written);
    expect(scanned).toEqual(fullReading(written));
    expect(scanned.layers[0]!.name).toBe('Tumour & "margin" <1 mm>');
  });

  it('finds nothing to draw in another dialect or in text that is not XML', () => {
    // ASAP also names its elements <Annotation>, but keeps its points in <Coordinate>s: no regions.
    expect(scanImageScopeXml(ASAP_ANNOTATIONS).layers.flatMap((layer) => layer.regions)).toEqual([]);
    expect(scanImageScopeXml('not xml at all').layers).toEqual([]);
  });

  it("reads single-quoted attributes and a region's vertices only inside a region", () => {
    const xml = `<Annotations><Annotation Name='A' LineColor='16711680'><Regions>
      <Vertex X='9' Y='9'/>
      <Region Type='1' NegativeROA='0'><Vertices><Vertex X='1' Y='2'/><Vertex X='3' Y='4'/></Vertices></Region>
    </Regions></Annotation></Annotations>`;
    expect(scanImageScopeXml(xml)).toEqual({
      layers: [
        {
          name: 'A',
          lineColor: 16711680,
          regions: [
            {
              typeCode: 1,
              negative: false,
              vertices: [
                { x: 1, y: 2 },
                { x: 3, y: 4 },
              ],
            },
          ],
        },
      ],
    });
  });
});
