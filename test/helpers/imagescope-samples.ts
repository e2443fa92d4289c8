/**
 * ImageScope annotation files for tests that offer them to the app, the CLI or the sandbox: one valid file and
 * the three kinds the app must refuse (malformed, the wrong dialect, empty).
 */

/** One layer with one four-vertex region, laid out the way ImageScope exports it. */
export const VALID_IMAGESCOPE = `<?xml version="1.0" encoding="UTF-8"?>
<Annotations MicronsPerPixel="0.252000">
  <Annotation Id="1" Name="Tumor" ReadOnly="0" Type="4" LineColor="255" Visible="1">
    <Attributes><Attribute Name="Description" Id="0" Value="inline test"/></Attributes>
    <Regions>
      <Region Id="1" Type="0" Text="focus" NegativeROA="0">
        <Attributes/>
        <Vertices>
          <Vertex X="100" Y="100" Z="0"/><Vertex X="300" Y="100" Z="0"/>
          <Vertex X="300" Y="250" Z="0"/><Vertex X="100" Y="250" Z="0"/>
        </Vertices>
      </Region>
    </Regions>
    <Plots/>
  </Annotation>
</Annotations>
`;

/** The valid file with its </Regions> cut out: not well-formed, with a line number to report. */
export const MALFORMED_IMAGESCOPE = VALID_IMAGESCOPE.replace('</Regions>', '');

/** Well-formed XML in ASAP's dialect, which ImageScope does not read. */
export const ASAP_ANNOTATIONS = `<?xml version="1.0"?>
<ASAP_Annotations><Annotations>
  <Annotation Name="A" Type="Polygon" PartOfGroup="Tumor" Color="#F4FA58">
    <Coordinates><Coordinate Order="0" X="1" Y="2"/><Coordinate Order="1" X="3" Y="2"/><Coordinate Order="2" X="3" Y="4"/></Coordinates>
  </Annotation>
</Annotations><AnnotationGroups/></ASAP_Annotations>
`;

export const EMPTY_ANNOTATIONS = '';
