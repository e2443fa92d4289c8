import type { ImageScopeSummary } from './imagescope-types.js';
import { IMAGESCOPE_REGION_TYPES, regionTypeRule } from './imagescope-region-types.js';
import { asElement, attribute, childNodes, type XmlElement } from './parsed-xml.js';
import { parseFiniteNumber } from './xml-text.js';

/**
 * Walks a parsed ImageScope <Annotations> element once, counting what it holds and noting content that
 * ImageScope or PathomIQ cannot use. Every element is visited once, so the cost grows linearly with the file.
 */

export type ImageScopeStructure = { ok: true; summary: ImageScopeSummary } | { ok: false; message: string };

const EXPORT_AGAIN =
  'The file may have been edited by hand or by another program; export it again from ImageScope.';
const REDRAW = 'Redraw or delete that region in ImageScope, then export the annotations again.';

export function inspectImageScopeAnnotations(root: XmlElement): ImageScopeStructure {
  const micronsPerPixel = readMicronsPerPixel(root);
  if (typeof micronsPerPixel === 'string') return { ok: false, message: micronsPerPixel };

  const layers = childNodes(root, 'Annotation');
  if (layers.length === 0) {
    return {
      ok: false,
      message:
        'The file is Aperio ImageScope XML but contains no annotation layers. ' +
        'Draw the annotations in ImageScope (check it is the right slide), then export again.',
    };
  }

  const problems = new ProblemCollector();
  const summary: ImageScopeSummary = {
    layers: layers.length,
    regions: 0,
    vertices: 0,
    negativeRegions: 0,
    layerNames: [],
    micronsPerPixel,
  };

  layers.forEach((layerNode, layerIndex) => {
    const layer = asElement(layerNode);
    summary.layerNames.push(attribute(layer, 'Name') ?? '');
    const layerLabel = describeLayer(layer, layerIndex);
    let regionNumber = 0;
    // An Annotation without <Regions>, or with only <RegionAttributeHeaders>, is an empty layer: allowed.
    for (const regionsNode of childNodes(layer, 'Regions')) {
      for (const regionNode of childNodes(asElement(regionsNode), 'Region')) {
        regionNumber++;
        const region = asElement(regionNode);
        const regionId = attribute(region, 'Id');
        const regionLabel = `region ${regionId === undefined ? `number ${regionNumber}` : shorten(regionId)} in ${layerLabel}`;
        summary.regions++;
        if (attribute(region, 'NegativeROA')?.trim() === '1') summary.negativeRegions++;
        const { count, problem } = inspectRegion(region, regionLabel);
        summary.vertices += count;
        if (problem !== null) problems.add(problem);
      }
    }
  });

  const message = problems.message();
  return message === null ? { ok: true, summary } : { ok: false, message };
}

/** Null when absent or 0 (unknown resolution); a message string when it is not a usable number. */
function readMicronsPerPixel(root: XmlElement): number | null | string {
  const text = attribute(root, 'MicronsPerPixel');
  if (text === undefined || text.trim() === '') return null;
  const value = parseFiniteNumber(text);
  if (value === null || value < 0) {
    return `The MicronsPerPixel value "${shorten(text)}" on the <Annotations> element is not a valid number. ${EXPORT_AGAIN}`;
  }
  return value === 0 ? null : value;
}

/** Counts the region's vertices and returns its first problem, if any (one per region keeps the message short). */
function inspectRegion(region: XmlElement, label: string): { count: number; problem: string | null } {
  const typeText = attribute(region, 'Type')?.trim() ?? '';
  // Some converters leave Type out; ImageScope then treats the region as freehand.
  const typeCode =
    typeText === '' ? IMAGESCOPE_REGION_TYPES.freehand : /^\d+$/.test(typeText) ? Number(typeText) : null;

  let count = 0;
  let problem: string | null = null;
  for (const verticesNode of childNodes(region, 'Vertices')) {
    for (const vertexNode of childNodes(asElement(verticesNode), 'Vertex')) {
      count++;
      if (problem !== null) continue;
      const bad = findBadCoordinate(asElement(vertexNode));
      // The label is only built for a bad point: a 50 MB file has a million good ones.
      if (bad !== null) problem = describeBadCoordinate(bad, `Point ${count} of ${label}`);
    }
  }

  if (typeCode === null) {
    return {
      count,
      problem:
        `${capitalise(label)} has Type="${shorten(typeText)}", which ImageScope does not write ` +
        `(it uses a number: 0 freehand, 1 rectangle, 2 ellipse…). ${EXPORT_AGAIN}`,
    };
  }
  const rule = regionTypeRule(typeCode);
  if (count < rule.minVertices) {
    const has = count === 0 ? 'no points' : count === 1 ? 'only 1 point' : `only ${count} points`;
    return {
      count,
      problem: `${capitalise(label)} is ${rule.label} with ${has}; it needs at least ${rule.minVertices}. ${REDRAW}`,
    };
  }
  return { count, problem };
}

const AXES = ['X', 'Y'] as const;

interface BadCoordinate {
  axis: (typeof AXES)[number];
  /** The attribute's text, or undefined when the attribute is missing. */
  text: string | undefined;
}

function findBadCoordinate(vertex: XmlElement): BadCoordinate | null {
  for (const axis of AXES) {
    const text = attribute(vertex, axis);
    if (text === undefined || parseFiniteNumber(text) === null) return { axis, text };
  }
  return null;
}

function describeBadCoordinate({ axis, text }: BadCoordinate, label: string): string {
  if (text === undefined) return `${label} has no ${axis} coordinate. ${EXPORT_AGAIN}`;
  const commaHint = /^\s*-?\d+,\d+\s*$/.test(text)
    ? ' (it uses a decimal comma; ImageScope writes a dot)'
    : '';
  return `${label} has ${axis}="${shorten(text)}", which is not a usable number${commaHint}. ${EXPORT_AGAIN}`;
}

/** Values quoted in messages come from the file; a hand-edited file can hold a whole paragraph in one. */
function shorten(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeLayer(layer: XmlElement, index: number): string {
  const name = attribute(layer, 'Name');
  const id = attribute(layer, 'Id');
  if (name && id !== undefined) return `layer "${shorten(name)}" (Id ${shorten(id)})`;
  if (name) return `layer "${shorten(name)}"`;
  if (id !== undefined) return `layer ${shorten(id)}`;
  return `layer number ${index + 1}`;
}

/** Keeps the first problem in full and counts the rest, so a file with 10,000 bad regions gets one readable message. */
class ProblemCollector {
  private first: string | null = null;
  private others = 0;

  add(problem: string): void {
    if (this.first === null) this.first = problem;
    else this.others++;
  }

  message(): string | null {
    if (this.first === null || this.others === 0) return this.first;
    return `${this.first} (${this.others} other problem${this.others === 1 ? '' : 's'} found as well.)`;
  }
}
