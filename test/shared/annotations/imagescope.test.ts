import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildImageScopeXml,
  imageScopeColorToRgb,
  rgbToImageScopeColor,
  validateImageScopeXml,
  type ImageScopeBuildInput,
  type ImageScopeValidation,
} from '../../../src-shared/annotations/imagescope.js';

// The shared fixtures live next to the repository (../shared); the suite must also pass without them.
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/annotations', import.meta.url));
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, 'utf8');

function expectProblem(result: ImageScopeValidation, code: string): string {
  if (result.ok)
    throw new Error(`expected a ${code} problem, got a valid summary ${JSON.stringify(result.summary)}`);
  expect(result.code).toBe(code);
  return result.message;
}

function expectValid(result: ImageScopeValidation) {
  if (!result.ok) throw new Error(`expected a valid file, got ${result.code}: ${result.message}`);
  return result.summary;
}

/** Wraps region/layer markup in an ImageScope root, as ImageScope would export it. */
const doc = (layers: string, rootAttributes = ' MicronsPerPixel="0.252000"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Annotations${rootAttributes}>\n${layers}\n</Annotations>\n`;

const vertices = (points: Array<[number | string, number | string]>): string =>
  `<Vertices>${points.map(([x, y]) => `<Vertex X="${x}" Y="${y}" Z="0"/>`).join('')}</Vertices>`;

const TRIANGLE = vertices([
  [10, 10],
  [20, 10],
  [15, 20],
]);

/** Same features as the shared valid fixture (two layers, attributes, a hole, float vertices), with other values. */
const INLINE_TWO_CLASSES = doc(`
  <Annotation Id="1" Name="Stroma" ReadOnly="0" Type="4" LineColor="16711680" Visible="1">
    <Attributes><Attribute Name="Description" Id="0" Value="reactive stroma"/></Attributes>
    <Regions>
      <RegionAttributeHeaders>
        <AttributeHeader Id="9999" Name="Region" ColumnWidth="-1"/>
        <AttributeHeader Id="9997" Name="Length" ColumnWidth="-1"/>
      </RegionAttributeHeaders>
      <Region Id="1" Type="1" Text="box" NegativeROA="0">
        <Attributes/>
        ${vertices([
          [100, 100],
          [300, 100],
          [300, 250],
          [100, 250],
        ])}
      </Region>
      <Region Id="2" Type="0" Text="gap" NegativeROA="1">
        <Attributes/>
        ${vertices([
          [150.5, 150.25],
          [200, 150],
          [175.75, 200.125],
        ])}
      </Region>
      <Region Id="3" Type="2" NegativeROA="0">
        ${vertices([
          [400, 400],
          [500, 450],
        ])}
      </Region>
    </Regions>
    <Plots/>
  </Annotation>
  <Annotation Id="2" Name="Necrosis" LineColor="65535">
    <Attributes/>
    <Regions><RegionAttributeHeaders/></Regions>
  </Annotation>`);

const INLINE_UNCLOSED_REGION = `<?xml version="1.0"?>
<Annotations>
  <Annotation Id="1" Name="Tumor" LineColor="255">
    <Regions>
      <Region Id="1" Type="0">
        ${TRIANGLE}
    </Regions>
  </Annotation>
</Annotations>`;

const INLINE_ASAP = `<?xml version="1.0"?>
<ASAP_Annotations>
  <Annotations>
    <Annotation Name="A" Type="Polygon" PartOfGroup="Tumor" Color="#F4FA58">
      <Coordinates><Coordinate Order="0" X="1" Y="2"/></Coordinates>
    </Annotation>
  </Annotations>
  <AnnotationGroups/>
</ASAP_Annotations>`;

describe.skipIf(!existsSync(FIXTURES))('shared annotation fixtures', () => {
  it('accepts imagescope-two-classes.xml and counts exactly what it holds', () => {
    expect(expectValid(validateImageScopeXml(fixture('imagescope-two-classes.xml')))).toEqual({
      layers: 2,
      regions: 3,
      vertices: 11, // 4 + 4 (the hole) + 3
      negativeRegions: 1,
      layerNames: ['Tumor', 'Benign'],
      micronsPerPixel: 0.499,
    });
  });

  it('reports malformed-unclosed.xml with the line and the unclosed element', () => {
    const result = validateImageScopeXml(fixture('malformed-unclosed.xml'));
    const message = expectProblem(result, 'malformed');
    expect(message).toContain('The file is not well-formed XML (line 10:');
    expect(message).toContain('the <Region> element opened on line 5 is not closed before </Regions>');
    expect(message).toContain('export it again');
    expect(result).toMatchObject({ line: 10 });
  });

  it('recognises not-imagescope-asap.xml as ASAP', () => {
    const message = expectProblem(validateImageScopeXml(fixture('not-imagescope-asap.xml')), 'wrong-dialect');
    expect(message).toBe(
      'This is ASAP XML, not Aperio ImageScope XML. Convert it to ImageScope format or export from ImageScope.',
    );
  });

  it('reports empty.xml as empty', () => {
    const message = expectProblem(validateImageScopeXml(fixture('empty.xml')), 'empty');
    expect(message).toBe('The file is empty. Export the annotations from ImageScope again.');
  });
});

describe('validateImageScopeXml: the fixture cases, inline', () => {
  it('accepts two layers with attributes, a hole, floats, a rectangle, an ellipse and an empty layer', () => {
    expect(expectValid(validateImageScopeXml(INLINE_TWO_CLASSES))).toEqual({
      layers: 2,
      regions: 3,
      vertices: 9,
      negativeRegions: 1,
      layerNames: ['Stroma', 'Necrosis'],
      micronsPerPixel: 0.252,
    });
  });

  it('reports an unclosed Region with its line numbers', () => {
    const result = validateImageScopeXml(INLINE_UNCLOSED_REGION);
    expect(expectProblem(result, 'malformed')).toContain(
      'line 7: the <Region> element opened on line 5 is not closed before </Regions>',
    );
    expect(result).toMatchObject({ line: 7 });
  });

  it('recognises ASAP XML', () => {
    expect(expectProblem(validateImageScopeXml(INLINE_ASAP), 'wrong-dialect')).toContain(
      'This is ASAP XML, not Aperio ImageScope XML.',
    );
  });

  it('reports an empty and a blank file as empty', () => {
    expect(expectProblem(validateImageScopeXml(''), 'empty')).toContain('The file is empty.');
    expect(expectProblem(validateImageScopeXml(' \r\n\t\n'), 'empty')).toContain('only blank space');
    expect(expectProblem(validateImageScopeXml('\uFEFF'), 'empty')).toContain('The file is empty.');
  });
});

describe('validateImageScopeXml: encodings and broken files', () => {
  it('ignores a UTF-8 byte order mark, also when mis-decoded as Windows-1252', () => {
    const plain = expectValid(validateImageScopeXml(INLINE_TWO_CLASSES));
    expect(expectValid(validateImageScopeXml(`\uFEFF${INLINE_TWO_CLASSES}`))).toEqual(plain);
    expect(expectValid(validateImageScopeXml(`\u00EF\u00BB\u00BF${INLINE_TWO_CLASSES}`))).toEqual(plain);
  });

  it('explains a UTF-16 file read as UTF-8', () => {
    const utf16 = [...'<?xml version="1.0"?><Annotations/>'].map((char) => `${char}\u0000`).join('');
    expect(expectProblem(validateImageScopeXml(utf16), 'malformed')).toContain('UTF-16');
  });

  it('says a truncated file looks cut short and points at its last line', () => {
    const full = buildImageScopeXml({
      layers: [{ name: 'T', lineColor: 255, regions: [{ type: 'polygon', vertices: triangleAt(0) }] }],
    });
    const truncated = full.slice(0, full.indexOf('</Vertices>'));
    const result = validateImageScopeXml(truncated);
    const message = expectProblem(result, 'malformed');
    expect(message).toContain(
      'the file ends while <Annotations>, <Annotation>, <Regions>, <Region>, <Vertices> are still open',
    );
    expect(message).toContain('cut short');
    expect(result).toMatchObject({ line: truncated.trimEnd().split('\n').length });
  });

  it('reports a file joined from two documents', () => {
    expect(expectProblem(validateImageScopeXml('<Annotations/><Annotations/>'), 'malformed')).toContain(
      'more than one top-level element',
    );
    expect(expectProblem(validateImageScopeXml('<Region/><Region/>'), 'malformed')).toContain(
      'more than one top-level element',
    );
  });

  it('finds "&" and "<" left unescaped in attribute values, with their line', () => {
    const layer = (name: string): string =>
      doc(`<Annotation Id="1"\n Name="${name}"><Regions/></Annotation>`);
    const ampersand = validateImageScopeXml(layer('R&D'));
    expect(expectProblem(ampersand, 'malformed')).toContain(
      'The file is not well-formed XML (line 4: a value in <Annotation> contains a bare "&" (write it as &amp;)).',
    );
    expect(ampersand).toMatchObject({ line: 4 });
    expect(expectProblem(validateImageScopeXml(layer('&bogus;')), 'malformed')).toContain('bare "&"');
    expect(expectProblem(validateImageScopeXml(layer('<5 mm')), 'malformed')).toContain(
      'a value in <Annotation> contains "<" (write it as &lt;)',
    );
    // Escaped values, and "&" or "<" in comments and CDATA, are fine.
    const fine = doc(
      `<!-- R&D <draft> --><Annotation Id="1" Name="R&amp;D &lt;5 &#x41;&#10;'&quot;'"><![CDATA[a&b<c]]></Annotation>`,
    );
    expect(expectValid(validateImageScopeXml(fine)).layerNames).toEqual([`R&D <5 A\n'"'`]);
  });

  it('rewords other syntax errors: stray "&", repeated attribute, text before the root', () => {
    expect(
      expectProblem(validateImageScopeXml('<Annotations><A>R&D</A></Annotations>'), 'malformed'),
    ).toContain('a bare "&" must be written as &amp;');
    expect(expectProblem(validateImageScopeXml('<Annotations X="1" X="2"/>'), 'malformed')).toContain(
      'the attribute X appears twice',
    );
    expect(expectProblem(validateImageScopeXml('Annotations'), 'malformed')).toContain(
      'unexpected character "A"',
    );
  });

  it.each([
    [
      '<Annotations>\n<Annotation Id="1">',
      'line 2: the file ends while <Annotations>, <Annotation> are still open',
    ],
    ['<Annotations>', 'line 1: the <Annotations> element opened here is never closed'],
    [
      '<Annotations>\n</Annotations>\n</Annotations>',
      'line 3: </Annotations> closes an element that was never opened',
    ],
    ['<Annotations Name="x/>', 'an attribute of <Annotations> has no closing quote'],
    ['<Annotations><1a/></Annotations>', '"1a" is not a valid element name'],
    ['<Annotations></Annotations>\ntrailing', 'line 2: there is text after the last closing tag'],
    ['<Annotations Visible/>', "boolean attribute 'Visible' is not allowed"],
  ])('rewords the XML reader’s message for %j', (xml, expected) => {
    expect(expectProblem(validateImageScopeXml(xml), 'malformed')).toContain(expected);
  });

  it('refuses external entities without reading them', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE Annotations [<!ENTITY x SYSTEM "file:///etc/passwd">]><Annotations/>';
    expect(expectProblem(validateImageScopeXml(xml), 'malformed')).toContain('could not be read as XML');
  });
});

describe('validateImageScopeXml: other tools’ formats', () => {
  it('names QuPath GeoJSON, plain or wrapped in XML', () => {
    const geojson = '{ "type": "FeatureCollection", "features": [] }';
    expect(expectProblem(validateImageScopeXml(geojson), 'wrong-dialect')).toContain(
      'This is QuPath GeoJSON',
    );
    expect(expectProblem(validateImageScopeXml(`<export>${geojson}</export>`), 'wrong-dialect')).toContain(
      'QuPath GeoJSON wrapped in XML',
    );
    expect(
      expectProblem(validateImageScopeXml(`<Annotations>${geojson}</Annotations>`), 'wrong-dialect'),
    ).toContain('QuPath GeoJSON wrapped in XML');
    expect(expectProblem(validateImageScopeXml('[1, 2]'), 'wrong-dialect')).toContain('This is a JSON file');
  });

  it('names the root element it found otherwise', () => {
    expect(
      expectProblem(validateImageScopeXml('<?xml version="1.0"?><Slide><Item/></Slide>'), 'wrong-dialect'),
    ).toBe(
      'This is not Aperio ImageScope XML: its top element is <Slide>, but ImageScope files start with <Annotations>. ' +
        'Export the annotations from ImageScope and upload that file.',
    );
    expect(
      expectProblem(validateImageScopeXml('<annotations><image/></annotations>'), 'wrong-dialect'),
    ).toContain('names are case-sensitive');
    expect(expectProblem(validateImageScopeXml('<html><body/></html>'), 'wrong-dialect')).toContain(
      'web page (HTML)',
    );
    expect(
      expectProblem(
        validateImageScopeXml('<annotations><ndpviewstate id="1"/></annotations>'),
        'wrong-dialect',
      ),
    ).toContain('Hamamatsu NDP.view');
    // A root named like an ImageScope child element is still named, not mistaken for a layer.
    expect(
      expectProblem(validateImageScopeXml(`<Annotation Id="1"><Regions/></Annotation>`), 'wrong-dialect'),
    ).toContain('its top element is <Annotation>');
  });

  it('recognises ASAP layers under a root called Annotations', () => {
    const xml =
      '<Annotations><Annotation Name="a"><Coordinates><Coordinate X="1" Y="2"/></Coordinates></Annotation></Annotations>';
    expect(expectProblem(validateImageScopeXml(xml), 'wrong-dialect')).toContain('looks like ASAP XML');
  });
});

describe('validateImageScopeXml: ImageScope files with unusable content', () => {
  it('refuses a file without annotation layers', () => {
    expect(expectProblem(validateImageScopeXml(doc('')), 'invalid')).toContain(
      'contains no annotation layers',
    );
  });

  it('accepts empty layers: no <Regions>, or only the headers', () => {
    const xml = doc(
      '<Annotation Id="1" Name="A"/><Annotation Id="2" Name="B"><Regions><RegionAttributeHeaders/></Regions></Annotation>',
    );
    expect(expectValid(validateImageScopeXml(xml))).toMatchObject({ layers: 2, regions: 0, vertices: 0 });
  });

  it('names layer and region of a polygon with too few points', () => {
    const xml = doc(
      `<Annotation Id="4" Name="Tumor"><Regions><Region Id="1" Type="0">${TRIANGLE}</Region>` +
        `<Region Id="7" Type="0">${vertices([
          [1, 1],
          [2, 2],
        ])}</Region></Regions></Annotation>`,
    );
    expect(expectProblem(validateImageScopeXml(xml), 'invalid')).toBe(
      'Region 7 in layer "Tumor" (Id 4) is a freehand region with only 2 points; it needs at least 3. ' +
        'Redraw or delete that region in ImageScope, then export the annotations again.',
    );
  });

  it('wants 2 points for rectangles and ellipses, and some for regions without points', () => {
    const region = (id: number, type: number, points: Array<[number, number]>): string =>
      `<Region Id="${id}" Type="${type}">${vertices(points)}</Region>`;
    const layer = (regions: string): string =>
      doc(`<Annotation Id="1" Name="L"><Regions>${regions}</Regions></Annotation>`);
    expect(
      expectValid(
        validateImageScopeXml(
          layer(
            region(1, 1, [
              [0, 0],
              [5, 5],
            ]) +
              region(2, 2, [
                [0, 0],
                [5, 5],
              ]),
          ),
        ),
      ),
    ).toMatchObject({ regions: 2, vertices: 4 });
    expect(expectProblem(validateImageScopeXml(layer(region(3, 1, [[0, 0]]))), 'invalid')).toContain(
      'Region 3 in layer "L" (Id 1) is a rectangle with only 1 point; it needs at least 2.',
    );
    expect(expectProblem(validateImageScopeXml(layer(region(4, 2, []))), 'invalid')).toContain(
      'Region 4 in layer "L" (Id 1) is an ellipse with no points',
    );
    expect(expectProblem(validateImageScopeXml(layer('<Region Id="5" Type="0"/>')), 'invalid')).toContain(
      'Region 5 in layer "L" (Id 1) is a freehand region with no points',
    );
  });

  it('treats a missing Type as freehand and tolerates type codes it does not know', () => {
    const xml = doc(
      `<Annotation Id="1"><Regions><Region Id="1">${TRIANGLE}</Region>` +
        `<Region Id="2" Type="9">${vertices([[3, 4]])}</Region></Regions></Annotation>`,
    );
    expect(expectValid(validateImageScopeXml(xml))).toMatchObject({
      regions: 2,
      vertices: 4,
      layerNames: [''],
    });
  });

  it('refuses a region type ImageScope does not write', () => {
    const xml = doc(
      `<Annotation Id="2" Name="T"><Regions><Region Id="3" Type="Polygon">${TRIANGLE}</Region></Regions></Annotation>`,
    );
    expect(expectProblem(validateImageScopeXml(xml), 'invalid')).toContain(
      'Region 3 in layer "T" (Id 2) has Type="Polygon", which ImageScope does not write',
    );
  });

  it.each([
    ['abc', 'X="abc", which is not a usable number'],
    ['', 'X="", which is not a usable number'],
    ['1e999', 'X="1e999", which is not a usable number'],
    ['NaN', 'X="NaN", which is not a usable number'],
    ['Infinity', 'X="Infinity", which is not a usable number'],
    ['12,5', 'X="12,5", which is not a usable number (it uses a decimal comma; ImageScope writes a dot)'],
  ])('names the point, region and layer of X="%s"', (x, expected) => {
    const xml = doc(
      `<Annotation Id="3" Name="Benign"><Regions><Region Id="12" Type="0">${vertices([
        [1, 1],
        [x, 2],
        [3, 3],
      ])}</Region></Regions></Annotation>`,
    );
    expect(expectProblem(validateImageScopeXml(xml), 'invalid')).toContain(
      `Point 2 of region 12 in layer "Benign" (Id 3) has ${expected}.`,
    );
  });

  it('reports a missing coordinate', () => {
    const xml = doc(
      `<Annotation Id="1" Name="A"><Regions><Region Id="2"><Vertices><Vertex X="1"/><Vertex X="2" Y="2"/>` +
        `<Vertex X="3" Y="1"/></Vertices></Region></Regions></Annotation>`,
    );
    expect(expectProblem(validateImageScopeXml(xml), 'invalid')).toContain(
      'Point 1 of region 2 in layer "A" (Id 1) has no Y coordinate.',
    );
  });

  it('accepts signs, exponents and spaces around numbers', () => {
    const xml = doc(
      `<Annotation Id="1"><Regions><Region Id="1">${vertices([
        ['-1.5', '+2'],
        ['1e3', ' 4 '],
        ['.5', '6.'],
      ])}</Region></Regions></Annotation>`,
    );
    expect(expectValid(validateImageScopeXml(xml))).toMatchObject({ vertices: 3 });
  });

  it('reports the first problem and counts the others', () => {
    const bad = (id: number): string => `<Region Id="${id}" Type="0">${vertices([[1, 1]])}</Region>`;
    const xml = doc(
      `<Annotation Id="1" Name="A"><Regions>${bad(1)}${bad(2)}${bad(3)}</Regions></Annotation>`,
    );
    const message = expectProblem(validateImageScopeXml(xml), 'invalid');
    expect(message).toMatch(/^Region 1 in layer "A" \(Id 1\)/);
    expect(message).toContain('(2 other problems found as well.)');
  });

  it('reads MicronsPerPixel: absent or 0 is unknown, garbage is refused', () => {
    const layer = `<Annotation Id="1"><Regions><Region Id="1">${TRIANGLE}</Region></Regions></Annotation>`;
    expect(expectValid(validateImageScopeXml(doc(layer, ''))).micronsPerPixel).toBeNull();
    expect(expectValid(validateImageScopeXml(doc(layer, ' MicronsPerPixel="0"'))).micronsPerPixel).toBeNull();
    expect(
      expectValid(validateImageScopeXml(doc(layer, ' MicronsPerPixel="0.499000"'))).micronsPerPixel,
    ).toBe(0.499);
    expect(expectProblem(validateImageScopeXml(doc(layer, ' MicronsPerPixel="fast"')), 'invalid')).toContain(
      'The MicronsPerPixel value "fast"',
    );
  });

  it('decodes entities and character references in layer names', () => {
    const xml = doc(
      `<Annotation Id="1" Name="R&amp;D &#169; &lt;1&gt;"><Regions><Region Id="1">${TRIANGLE}</Region></Regions></Annotation>`,
    );
    expect(expectValid(validateImageScopeXml(xml)).layerNames).toEqual(['R&D © <1>']);
  });
});

describe('validateImageScopeXml: large files', () => {
  it('validates a generated document with 100,000 vertices', () => {
    const regions: string[] = [];
    for (let r = 1; r <= 100; r++) {
      const points: string[] = [];
      for (let v = 0; v < 1000; v++) {
        points.push(`<Vertex X="${(r * 1000 + v * 0.25).toFixed(4)}" Y="${(v * 1.5).toFixed(4)}" Z="0"/>`);
      }
      regions.push(
        `<Region Id="${r}" Type="0" NegativeROA="${r % 10 === 0 ? 1 : 0}"><Vertices>\n${points.join('\n')}\n</Vertices></Region>`,
      );
    }
    const xml = doc(
      `<Annotation Id="1" Name="Tumor"><Regions>\n${regions.join('\n')}\n</Regions></Annotation>`,
    );
    expect(expectValid(validateImageScopeXml(xml))).toEqual({
      layers: 1,
      regions: 100,
      vertices: 100_000,
      negativeRegions: 10,
      layerNames: ['Tumor'],
      micronsPerPixel: 0.252,
    });
  });
});

function triangleAt(offset: number): Array<{ x: number; y: number }> {
  return [
    { x: offset, y: offset },
    { x: offset + 10.5, y: offset },
    { x: offset + 5.25, y: offset + 8.125 },
  ];
}

const readBack = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  htmlEntities: true,
});

describe('buildImageScopeXml', () => {
  const input: ImageScopeBuildInput = {
    micronsPerPixel: 0.499,
    layers: [
      {
        name: 'Tumor',
        lineColor: rgbToImageScopeColor(255, 0, 0),
        attributes: { Description: 'Gleason pattern 4', score: '0.912' },
        regions: [
          {
            type: 'rectangle',
            text: 'G4 focus',
            vertices: [
              { x: 1200, y: 800 },
              { x: 1600, y: 1200 },
            ],
          },
          { type: 'polygon', negative: true, text: 'hole', vertices: triangleAt(1300) },
          {
            type: 'ellipse',
            vertices: [
              { x: 0, y: 0 },
              { x: 40, y: 20 },
            ],
          },
        ],
      },
      {
        name: 'Benign',
        lineColor: rgbToImageScopeColor(0, 255, 0),
        regions: [{ type: 'polygon', vertices: triangleAt(200.5) }],
      },
      { name: 'Nothing found', lineColor: 0, regions: [] },
    ],
  };

  it('round-trips: what it writes validates with the input’s counts', () => {
    expect(expectValid(validateImageScopeXml(buildImageScopeXml(input)))).toEqual({
      layers: 3,
      regions: 4,
      vertices: 4 + 3 + 2 + 3, // the 2-corner rectangle is written as 4 corners
      negativeRegions: 1,
      layerNames: ['Tumor', 'Benign', 'Nothing found'],
      micronsPerPixel: 0.499,
    });
  });

  it('is deterministic and numbers layers and regions from 1, regions across the whole file', () => {
    const xml = buildImageScopeXml(input);
    expect(buildImageScopeXml(input)).toBe(xml);
    const ids = (element: string): string[] =>
      [...xml.matchAll(new RegExp(`<${element} Id="(\\d+)"`, 'g'))].map((m) => m[1] ?? '');
    expect(ids('Annotation')).toEqual(['1', '2', '3']);
    expect(ids('Region')).toEqual(['1', '2', '3', '4']);
  });

  it('writes the layout ImageScope exports, with its measurements and type codes', () => {
    const xml = buildImageScopeXml(input);
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Annotations MicronsPerPixel="0.499">'),
    ).toBe(true);
    expect(xml).toContain('<AttributeHeader Id="9999" Name="Region" ColumnWidth="-1"/>');
    expect(xml).toContain('<Attribute Name="Description" Id="0" Value="Gleason pattern 4"/>');
    expect(xml).toContain('<Plots/>');

    const annotations = readBack.parse(xml).Annotations.Annotation;
    const tumor = annotations[0];
    expect(tumor).toMatchObject({ Id: '1', Name: 'Tumor', LineColor: '255', Type: '4' });
    expect(annotations[1].LineColor).toBe('65280');
    const [rectangle, hole, ellipse] = tumor.Regions.Region;
    // Same numbers as the shared fixture's 400 × 400 px rectangle at 0.499 µm/px.
    expect(rectangle).toMatchObject({
      Type: '1',
      Length: '1600',
      Area: '160000',
      LengthMicrons: '798.4',
      AreaMicrons: '39840.2',
    });
    expect(rectangle.Vertices.Vertex.map((v: { X: string; Y: string }) => [v.X, v.Y])).toEqual([
      ['1200', '800'],
      ['1600', '800'],
      ['1600', '1200'],
      ['1200', '1200'],
    ]);
    expect(hole).toMatchObject({ Type: '0', NegativeROA: '1', Text: 'hole', DisplayId: '2' });
    expect(ellipse).toMatchObject({ Type: '2', Area: String(Math.round(Math.PI * 20 * 10 * 10) / 10) });
    expect(ellipse.Vertices.Vertex).toHaveLength(2);
  });

  it('escapes names, texts and attributes so they read back unchanged', () => {
    const awkward = `A & B <"quoted"> 'single'\ttab\nline`;
    const xml = buildImageScopeXml({
      layers: [
        {
          name: awkward,
          lineColor: 1,
          attributes: { [awkward]: awkward },
          regions: [{ type: 'polygon', text: awkward, vertices: triangleAt(0) }],
        },
      ],
    });
    expect(expectValid(validateImageScopeXml(xml)).layerNames).toEqual([awkward]);
    const layer = readBack.parse(xml).Annotations.Annotation;
    expect(layer.Attributes.Attribute).toMatchObject({ Name: awkward, Value: awkward });
    expect(layer.Regions.Region.Text).toBe(awkward);
  });

  it('replaces characters XML cannot carry', () => {
    const xml = buildImageScopeXml({ layers: [{ name: 'bell\u0007', lineColor: 1, regions: [] }] });
    expect(expectValid(validateImageScopeXml(xml)).layerNames).toEqual(['bell\uFFFD']);
  });

  it('leaves MicronsPerPixel out when unknown, and writes coordinates without exponents', () => {
    const xml = buildImageScopeXml({
      layers: [
        {
          name: 'a',
          lineColor: 1,
          regions: [
            {
              type: 'polygon',
              vertices: [
                { x: 1e-7, y: -0 },
                { x: 1.23456789, y: 2 },
                { x: 3, y: 1e6 },
              ],
            },
          ],
        },
      ],
    });
    expect(xml).toContain('<Annotations>\n');
    expect(xml).toContain('<Vertex X="0" Y="0" Z="0"/>');
    expect(xml).toContain('<Vertex X="1.2346" Y="2" Z="0"/>');
    expect(xml).toContain('<Vertex X="3" Y="1000000" Z="0"/>');
    expect(xml).toContain('LengthMicrons="0" AreaMicrons="0"');
    expect(expectValid(validateImageScopeXml(xml)).micronsPerPixel).toBeNull();
  });

  it('writes 100,000 vertices that validate back', () => {
    const ring = Array.from({ length: 1000 }, (_, i) => ({
      x: 5000 + 400 * Math.cos(i / 159.15),
      y: 5000 + 400 * Math.sin(i / 159.15),
    }));
    const xml = buildImageScopeXml({
      layers: [
        {
          name: 'big',
          lineColor: 255,
          regions: Array.from({ length: 100 }, () => ({ type: 'polygon' as const, vertices: ring })),
        },
      ],
    });
    expect(expectValid(validateImageScopeXml(xml)).vertices).toBe(100_000);
  });

  it.each<[string, ImageScopeBuildInput, string]>([
    ['no layers', { layers: [] }, 'at least one layer'],
    [
      'a 2-point polygon',
      {
        layers: [
          { name: 'L', lineColor: 1, regions: [{ type: 'polygon', vertices: triangleAt(0).slice(0, 2) }] },
        ],
      },
      'Layer 1 ("L"), region 1: a polygon needs at least 3 vertices, got 2',
    ],
    [
      'a 3-point rectangle',
      { layers: [{ name: 'L', lineColor: 1, regions: [{ type: 'rectangle', vertices: triangleAt(0) }] }] },
      '2 opposite corners or 4 corners',
    ],
    [
      'a 3-point ellipse',
      { layers: [{ name: 'L', lineColor: 1, regions: [{ type: 'ellipse', vertices: triangleAt(0) }] }] },
      'needs 2 vertices',
    ],
    [
      'a NaN coordinate',
      {
        layers: [
          {
            name: 'L',
            lineColor: 1,
            regions: [{ type: 'polygon', vertices: [...triangleAt(0), { x: NaN, y: 1 }] }],
          },
        ],
      },
      'vertex 4: coordinates must be finite',
    ],
    [
      'a colour out of range',
      { layers: [{ name: 'L', lineColor: 0x1000000, regions: [] }] },
      'lineColor must be an integer',
    ],
    [
      'a negative resolution',
      { micronsPerPixel: -1, layers: [{ name: 'L', lineColor: 1, regions: [] }] },
      'micronsPerPixel must be a positive number',
    ],
  ])('refuses %s with a RangeError', (_case, badInput, message) => {
    expect(() => buildImageScopeXml(badInput)).toThrow(RangeError);
    expect(() => buildImageScopeXml(badInput)).toThrow(message);
  });
});

describe('ImageScope colours (BGR as a decimal integer)', () => {
  it('packs red, green and blue the way ImageScope does', () => {
    expect(rgbToImageScopeColor(255, 0, 0)).toBe(255);
    expect(rgbToImageScopeColor(0, 255, 0)).toBe(65280);
    expect(rgbToImageScopeColor(0, 0, 255)).toBe(16711680);
    expect(rgbToImageScopeColor(0x12, 0x34, 0x56)).toBe(0x563412);
  });

  it('unpacks them again', () => {
    expect(imageScopeColorToRgb(255)).toEqual({ r: 255, g: 0, b: 0 });
    expect(imageScopeColorToRgb(65280)).toEqual({ r: 0, g: 255, b: 0 });
    expect(imageScopeColorToRgb(16711680)).toEqual({ r: 0, g: 0, b: 255 });
    expect(imageScopeColorToRgb(0xffffff)).toEqual({ r: 255, g: 255, b: 255 });
    for (const [r, g, b] of [
      [1, 2, 3],
      [244, 250, 88],
      [0, 0, 0],
    ] as const) {
      expect(imageScopeColorToRgb(rgbToImageScopeColor(r, g, b))).toEqual({ r, g, b });
    }
  });

  it('refuses values that are not colours', () => {
    expect(() => rgbToImageScopeColor(256, 0, 0)).toThrow(RangeError);
    expect(() => rgbToImageScopeColor(0, -1, 0)).toThrow(RangeError);
    expect(() => rgbToImageScopeColor(0, 0, 1.5)).toThrow(RangeError);
    expect(() => imageScopeColorToRgb(-1)).toThrow(RangeError);
    expect(() => imageScopeColorToRgb(0x1000000)).toThrow(RangeError);
    expect(() => imageScopeColorToRgb(3.5)).toThrow(RangeError);
  });
});
