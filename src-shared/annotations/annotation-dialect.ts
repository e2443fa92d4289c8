import { childNodes, hasChild, asElement, type XmlElement } from './parsed-xml.js';

/**
 * Recognises annotation files from other tools, so the technician is told what they uploaded and how to
 * get an ImageScope file, instead of a bare "invalid". Only the start of the text is inspected.
 */

const IMAGESCOPE_ROOT = 'Annotations';
const EXPORT_FROM_IMAGESCOPE = 'Convert it to ImageScope format or export from ImageScope.';

// QuPath exports GeoJSON; a FeatureCollection or Feature declares itself with "type" near the start.
const GEOJSON_TYPE = /"type"\s*:\s*"(?:FeatureCollection|Feature)"/;

/** JSON is not XML at all; say which JSON it is rather than reporting a syntax error at "{". */
export function describeJsonText(head: string): string | null {
  const first = head.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  if (GEOJSON_TYPE.test(head)) {
    // Only reached for a file named .xml (or a file checked as XML): GeoJSON named .geojson is converted instead.
    return (
      'This is QuPath GeoJSON, not Aperio ImageScope XML. Give the file a .geojson name and import it again: ' +
      'it is then converted to ImageScope XML.'
    );
  }
  return 'This is a JSON file, not Aperio ImageScope XML. Upload the .xml file that ImageScope exports.';
}

/** Null when the root element is ImageScope's; otherwise a message naming the format found. */
export function describeForeignRoot(rootName: string, root: XmlElement, head: string): string | null {
  if (rootName === IMAGESCOPE_ROOT) return describeForeignContentUnderImageScopeRoot(root, head);
  if (rootName === 'ASAP_Annotations') {
    return `This is ASAP XML, not Aperio ImageScope XML. ${EXPORT_FROM_IMAGESCOPE}`;
  }
  if (GEOJSON_TYPE.test(head)) {
    return `This is QuPath GeoJSON wrapped in XML, not Aperio ImageScope XML. ${EXPORT_FROM_IMAGESCOPE}`;
  }
  if (rootName === 'annotations' && hasChild(root, 'ndpviewstate')) {
    return `This is Hamamatsu NDP.view (.ndpa) XML, not Aperio ImageScope XML. ${EXPORT_FROM_IMAGESCOPE}`;
  }
  if (rootName.toLowerCase() === 'html') {
    return (
      'This is a web page (HTML), not Aperio ImageScope XML; perhaps an error page was saved instead of the file. ' +
      'Export the annotations from ImageScope again.'
    );
  }
  const caseHint =
    rootName.toLowerCase() === IMAGESCOPE_ROOT.toLowerCase() ? ' (names are case-sensitive)' : '';
  return (
    `This is not Aperio ImageScope XML: its top element is <${rootName}>, but ImageScope files start with ` +
    `<${IMAGESCOPE_ROOT}>${caseHint}. Export the annotations from ImageScope and upload that file.`
  );
}

/** ASAP's inner <Annotations> or GeoJSON text can sit under a root that happens to be called Annotations. */
function describeForeignContentUnderImageScopeRoot(root: XmlElement, head: string): string | null {
  const layers = childNodes(root, 'Annotation');
  const firstLayer = asElement(layers[0]);
  if (hasChild(firstLayer, 'Coordinates') && !hasChild(firstLayer, 'Regions')) {
    return `This looks like ASAP XML (it has <Coordinates>, not <Regions>), not Aperio ImageScope XML. ${EXPORT_FROM_IMAGESCOPE}`;
  }
  if (layers.length === 0 && GEOJSON_TYPE.test(head)) {
    return `This is QuPath GeoJSON wrapped in XML, not Aperio ImageScope XML. ${EXPORT_FROM_IMAGESCOPE}`;
  }
  return null;
}
