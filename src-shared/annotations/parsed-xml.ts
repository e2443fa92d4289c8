import { XMLParser } from 'fast-xml-parser';

/**
 * fast-xml-parser's output is untyped; these helpers give the ImageScope walker a narrow, typed view of it.
 * Attributes are kept as strings (`@_Name`) so numbers are checked by our own strict rules.
 */

export type XmlElement = Readonly<Record<string, unknown>>;

const ATTRIBUTE_PREFIX = '@_';
const NO_CONTENT: XmlElement = Object.freeze({});

/** ImageScope elements that repeat; always read as arrays so one and many look the same. */
const REPEATED_ELEMENTS = new Set(['Annotation', 'Attribute', 'AttributeHeader', 'Region', 'Vertex']);

export function createXmlReader(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Decodes numeric character references (&#169;) in names as well as the five XML entities.
    htmlEntities: true,
    // By name, not by path: building a path string for each of a million vertices costs about 15% of the parse.
    jPath: false,
    isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && REPEATED_ELEMENTS.has(name),
  });
}

/** An element's object form; text-only and empty elements (`<Plots/>` parses as "") have no attributes or children. */
export function asElement(node: unknown): XmlElement {
  return typeof node === 'object' && node !== null && !Array.isArray(node)
    ? (node as XmlElement)
    : NO_CONTENT;
}

/** The raw child nodes called `name`, one or many. */
export function childNodes(parent: XmlElement, name: string): readonly unknown[] {
  const value = parent[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

export function hasChild(parent: XmlElement, name: string): boolean {
  return parent[name] !== undefined;
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[ATTRIBUTE_PREFIX + name];
  return typeof value === 'string' ? value : undefined;
}

/** Names of the top-level elements (processing instructions excluded); more than one means a broken document. */
export function topLevelElements(document: XmlElement): Array<{ name: string; count: number }> {
  return Object.keys(document)
    .filter((key) => !key.startsWith('?') && !key.startsWith('#'))
    .map((name) => {
      const value = document[name];
      return { name, count: Array.isArray(value) ? value.length : 1 };
    });
}

/** The root element; one called like a repeated element (<Annotation>) arrives as a one-item array. */
export function rootElement(document: XmlElement, name: string): XmlElement {
  const [first] = childNodes(document, name);
  return asElement(first);
}
