/**
 * fast-xml-parser's validator does not look inside attribute values, so `Name="R&D"` or `Text="<5 mm"`
 * (typical hand edits, refused by ImageScope and by strict XML readers) would pass. This single pass over
 * the tags finds the first such value. Comments, CDATA sections, processing instructions and the DOCTYPE
 * are skipped whole; text between tags is skipped with indexOf, so the cost stays linear.
 */

export interface AttributeValueProblem {
  /** Offset of the offending character in the text. */
  offset: number;
  /** Plain-words description, e.g. 'a value in <Annotation> contains a bare "&" (write it as &amp;)'. */
  detail: string;
}

const QUOTE_DOUBLE = 0x22;
const QUOTE_SINGLE = 0x27;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const AMPERSAND = 0x26;

/** Predefined entities and character references; other names would need a DTD, which ImageScope never writes. */
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

export function findAttributeValueProblem(text: string): AttributeValueProblem | null {
  let index = text.indexOf('<');
  while (index !== -1) {
    const next = text.charAt(index + 1);
    if (next === '!' || next === '?') {
      index = text.indexOf('<', skipMarkupDeclaration(text, index));
      continue;
    }
    const scanned = scanTag(text, index);
    if (typeof scanned !== 'number') return scanned;
    index = text.indexOf('<', scanned);
  }
  return null;
}

/** Offset just after a comment, CDATA section, processing instruction or DOCTYPE starting at `start`. */
function skipMarkupDeclaration(text: string, start: number): number {
  const endAfter = (terminator: string): number => {
    const end = text.indexOf(terminator, start);
    return end === -1 ? text.length : end + terminator.length;
  };
  if (text.startsWith('<!--', start)) return endAfter('-->');
  if (text.startsWith('<![CDATA[', start)) return endAfter(']]>');
  if (text.startsWith('<?', start)) return endAfter('?>');
  // A DOCTYPE with an internal subset ends at "]>"; without one at the first ">". The "[" is only looked
  // for up to that ">", so many small declarations cannot make this quadratic.
  const close = text.indexOf('>', start);
  if (close === -1) return text.length;
  return text.slice(start, close).includes('[') ? endAfter(']>') : close + 1;
}

/** Scans one start or end tag; returns the offset after it, or the first problem in its attribute values. */
function scanTag(text: string, start: number): number | AttributeValueProblem {
  let quote = 0;
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote === 0) {
      if (code === QUOTE_DOUBLE || code === QUOTE_SINGLE) quote = code;
      else if (code === GREATER_THAN) return i + 1;
    } else if (code === quote) {
      quote = 0;
    } else if (code === LESS_THAN) {
      return { offset: i, detail: `a value in <${tagName(text, start)}> contains "<" (write it as &lt;)` };
    } else if (code === AMPERSAND) {
      REFERENCE.lastIndex = i;
      if (!REFERENCE.test(text)) {
        return {
          offset: i,
          detail: `a value in <${tagName(text, start)}> contains a bare "&" (write it as &amp;)`,
        };
      }
    }
  }
  return text.length;
}

function tagName(text: string, start: number): string {
  return /^[^\s/>]+/.exec(text.slice(start + 1, start + 101))?.[0] ?? '?';
}

/** 1-based line of an offset; one linear scan, only run when reporting. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
