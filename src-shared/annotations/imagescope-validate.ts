import { describeForeignRoot, describeJsonText } from './annotation-dialect.js';
import { inspectImageScopeAnnotations } from './imagescope-structure.js';
import type { ImageScopeProblem, ImageScopeProblemCode, ImageScopeValidation } from './imagescope-types.js';
import { asElement, createXmlReader, rootElement, topLevelElements, type XmlElement } from './parsed-xml.js';
import { findXmlSyntaxProblem, type XmlSyntaxProblem } from './xml-wellformedness.js';

/** Enough of the start of the file to recognise another tool's format without scanning 50 MB. */
const HEAD_CHARS = 64 * 1024;

/**
 * Checks that `text` is an Aperio ImageScope annotation file PathomIQ can use, in increasing depth:
 * empty → well-formed XML → ImageScope dialect → usable layers, regions and vertices.
 * Each step is a linear pass, so a 50 MB export is checked in seconds.
 */
export function validateImageScopeXml(text: string): ImageScopeValidation {
  return validateImageScopeXmlKeepingRoot(text, {});
}

/**
 * The same check, also handing back the parsed <Annotations> element in `keep.root` (set once the file is
 * ImageScope XML), so a converter reads the tree it has just checked instead of parsing the text again.
 */
export function validateImageScopeXmlKeepingRoot(
  text: string,
  keep: { root?: XmlElement },
): ImageScopeValidation {
  const body = stripByteOrderMark(text);
  if (body.length === 0) {
    return problem('empty', 'The file is empty. Export the annotations from ImageScope again.');
  }
  if (!/\S/.test(body)) {
    return problem(
      'empty',
      'The file contains only blank space. Export the annotations from ImageScope again.',
    );
  }
  // A UTF-16 file decoded as UTF-8 has a NUL next to every ASCII character.
  if (body.slice(0, 256).includes('\u0000')) {
    return problem(
      'malformed',
      'The file is saved as UTF-16 text, not UTF-8 like ImageScope exports. Export it again from ImageScope, or save it as UTF-8.',
    );
  }

  const head = body.slice(0, HEAD_CHARS);
  const json = describeJsonText(head);
  if (json !== null) return problem('wrong-dialect', json);

  const syntax = findXmlSyntaxProblem(body);
  if (syntax !== null) return { ...problem('malformed', describeSyntaxProblem(syntax)), line: syntax.line };

  let parsed: XmlElement;
  try {
    parsed = asElement(createXmlReader().parse(body));
  } catch (error) {
    // The validator passed but the reader refused, e.g. a DOCTYPE declaring external entities.
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    return problem(
      'malformed',
      `The file could not be read as XML (${reason}). It was probably not written by ImageScope; export it again from ImageScope.`,
    );
  }

  const topLevel = topLevelElements(parsed);
  const rootName = topLevel[0]?.name;
  if (rootName === undefined || topLevel.length > 1 || topLevel[0]?.count !== 1) {
    // The validator lets `<a/><b/>` through, so this is checked on the parsed document.
    return problem(
      'malformed',
      'The file is not well-formed XML (it has more than one top-level element). ' +
        'It may have been joined from several files or edited by hand; export it again from ImageScope.',
    );
  }

  const root = rootElement(parsed, rootName);
  const foreign = describeForeignRoot(rootName, root, head);
  if (foreign !== null) return problem('wrong-dialect', foreign);

  keep.root = root;
  const structure = inspectImageScopeAnnotations(root);
  return structure.ok ? structure : problem('invalid', structure.message);
}

function problem(code: ImageScopeProblemCode, message: string): ImageScopeProblem {
  return { ok: false, code, message };
}

/** A UTF-8 byte order mark, also in its mis-decoded Windows-1252 form "ï»¿". */
function stripByteOrderMark(text: string): string {
  if (text.startsWith('\uFEFF')) return text.slice(1);
  if (text.startsWith('\u00EF\u00BB\u00BF')) return text.slice(3);
  return text;
}

function describeSyntaxProblem({ detail, line, cutShort }: XmlSyntaxProblem): string {
  const advice = cutShort
    ? 'It looks cut short, for example by an interrupted copy or download; export it again from ImageScope.'
    : 'It may be cut short or hand-edited; export it again from ImageScope.';
  return `The file is not well-formed XML (line ${line}: ${detail}). ${advice}`;
}
