import { describe, expect, it } from 'vitest';
import {
  annotationSummaryText,
  checkAnnotationFile,
} from '../../../../src-renderer/features/images/annotation-file.js';

const VALID = `<?xml version="1.0" encoding="UTF-8"?>
<Annotations MicronsPerPixel="0.499000">
  <Annotation Id="1" Name="Tumor" LineColor="255">
    <Regions>
      <Region Id="1" Type="0" NegativeROA="0">
        <Vertices><Vertex X="1" Y="1" Z="0"/><Vertex X="10" Y="1" Z="0"/><Vertex X="10" Y="10" Z="0"/></Vertices>
      </Region>
    </Regions>
  </Annotation>
</Annotations>`;

describe('checkAnnotationFile', () => {
  it('accepts an ImageScope file and summarises it', () => {
    const result = checkAnnotationFile('slide.xml', VALID.length, () => VALID);
    expect(result).toMatchObject({ ok: true, summary: { layers: 1, regions: 1 } });
    if (result.ok) expect(annotationSummaryText(result.summary)).toBe('1 region in 1 layer');
  });

  it("shows the validator's message for empty, malformed and foreign files, with the file name", () => {
    const empty = checkAnnotationFile('empty.xml', 0, () => '');
    expect(empty).toMatchObject({ ok: false, message: expect.stringMatching(/^empty\.xml/) });

    const cut = checkAnnotationFile('cut.xml', 50, () => VALID.slice(0, 120));
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.message).toMatch(/^cut\.xml/);

    const asap = '<ASAP_Annotations><Annotations/></ASAP_Annotations>';
    const foreign = checkAnnotationFile('asap.xml', asap.length, () => asap);
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.message.length).toBeGreaterThan('asap.xml: '.length);
  });

  it('names the line of a syntax problem once, not twice', () => {
    const cut = checkAnnotationFile('broken.xml', 40, () => '<Annotations>\n<Annotation>\n<Regions\n');
    expect(cut.ok).toBe(false);
    if (cut.ok) return;
    expect(cut.message).toMatch(/^broken\.xml: The file is not well-formed XML \(line 3: /);
    expect(cut.message.match(/line 3\b/g)).toHaveLength(1);
  });

  it('refuses other file types and oversized files without reading them', () => {
    const never = () => {
      throw new Error('read');
    };
    expect(checkAnnotationFile('slide.svs', 10, never)).toMatchObject({ ok: false });
    expect(checkAnnotationFile('huge.xml', 300 * 1024 * 1024, never)).toMatchObject({ ok: false });
  });

  it('converts a QuPath GeoJSON file the way the import will, with its notes; a broken one is named', () => {
    const geojson = JSON.stringify({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 0],
          ],
        ],
      },
      properties: { classification: { name: 'Tumor', color: [255, 0, 0] }, measurements: { Area: 50 } },
    });
    expect(checkAnnotationFile('case.geojson', geojson.length, () => geojson)).toMatchObject({
      ok: true,
      format: 'geojson',
      summary: { layers: 1, regions: 1, layerNames: ['Tumor'] },
      warnings: [expect.stringMatching(/measurements of 1 object are not carried/)],
    });
    expect(checkAnnotationFile('slide.xml', VALID.length, () => VALID)).toMatchObject({
      format: 'imagescope',
      warnings: [],
    });
    const broken = checkAnnotationFile('broken.json', 10, () => '{"type":');
    expect(broken).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^broken\.json: The file is not valid JSON/),
    });
  });

  it('words counts with plurals and thousands', () => {
    expect(annotationSummaryText({ regions: 1234, layers: 3 })).toBe('1,234 regions in 3 layers');
  });
});
