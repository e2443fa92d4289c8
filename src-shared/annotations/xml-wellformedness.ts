import { XMLValidator } from 'fast-xml-parser';
import { findAttributeValueProblem, lineAt } from './attribute-value-check.js';

export interface XmlSyntaxProblem {
  /** What is wrong, in plain words, without the advice. */
  detail: string;
  line: number;
  /** The file stops in the middle of the document: typically an interrupted copy or download. */
  cutShort: boolean;
}

/**
 * Checks well-formedness with fast-xml-parser's validator (a single linear pass that knows line numbers;
 * XMLParser itself is lenient and would accept `<a><b></a>`) and rewords its messages for people.
 * XMLValidator is marked deprecated in favour of a separate package that is not a dependency here.
 */
export function findXmlSyntaxProblem(text: string): XmlSyntaxProblem | null {
  const result = XMLValidator.validate(text);
  if (result !== true) return describeValidatorMessage(result.err.msg, result.err.line, text);
  const inValue = findAttributeValueProblem(text);
  return inValue === null
    ? null
    : { detail: inValue.detail, line: lineAt(text, inValue.offset), cutShort: false };
}

/** The validator's messages, matched to plain words; `cutShort` marks errors a truncated file produces. */
const REWORDINGS: ReadonlyArray<{
  pattern: RegExp;
  detail: (m: RegExpExecArray) => string;
  cutShort?: true;
}> = [
  {
    pattern: /^Unclosed tag '(.+)'\.$/,
    detail: (m) => `the <${m[1]}> element opened here is never closed`,
    cutShort: true,
  },
  {
    pattern:
      /^Expected closing tag '(.+)' \(opened in line (\d+), col \d+\) instead of closing tag '(.+)'\.$/,
    detail: (m) => `the <${m[1]}> element opened on line ${m[2]} is not closed before </${m[3]}>`,
  },
  {
    pattern: /^Closing tag '(.+)' has not been opened\.$/,
    detail: (m) => `</${m[1]}> closes an element that was never opened`,
  },
  {
    pattern: /^Closing tag '(.+)' doesn't have proper closing\.$/,
    detail: (m) => `the closing tag </${m[1]}> is incomplete`,
    cutShort: true,
  },
  {
    pattern: /^Attributes for '(.+)' have open quote\.$/,
    detail: (m) => `an attribute of <${m[1]}> has no closing quote`,
    cutShort: true,
  },
  {
    pattern: /^Attribute '(.+)' is repeated\.$/,
    detail: (m) => `the attribute ${m[1]} appears twice in one element`,
  },
  { pattern: /^Attribute '(.+)' is without value\.$/, detail: (m) => `the attribute ${m[1]} has no value` },
  { pattern: /^Tag '(.+)' is an invalid name\.$/, detail: (m) => `"${m[1]}" is not a valid element name` },
  { pattern: /^char '&' is not expected\.$/, detail: () => 'a bare "&" must be written as &amp;' },
  {
    pattern: /^char '(.)' is not expected\.$/,
    detail: (m) => `unexpected character "${m[1]}" outside any element`,
  },
  { pattern: /^Start tag expected\.$/, detail: () => 'it contains no XML element' },
  {
    pattern: /^Multiple possible root nodes found\.$/,
    detail: () => 'it has more than one top-level element',
  },
  { pattern: /^Extra text at the end$/, detail: () => 'there is text after the last closing tag' },
];

function describeValidatorMessage(msg: string, line: number, text: string): XmlSyntaxProblem {
  // Several elements still open at the end of the text: the validator reports line 1, the useful line is the last.
  const stillOpen = /^Invalid '(\[.*\])' found\.$/.exec(msg)?.[1];
  if (stillOpen !== undefined) {
    const names = parseTagList(stillOpen).map((name) => `<${name}>`);
    const what = names.length > 0 ? `${names.join(', ')} are` : 'several elements are';
    return { detail: `the file ends while ${what} still open`, line: countLines(text), cutShort: true };
  }
  for (const { pattern, detail, cutShort } of REWORDINGS) {
    const match = pattern.exec(msg);
    if (match) return { detail: detail(match), line, cutShort: cutShort === true };
  }
  // Anything else: the validator's own words, fitted into our sentence.
  const ownWords = msg.replace(/\.$/, '').replace(/^./, (first) => first.toLowerCase());
  return { detail: ownWords, line, cutShort: false };
}

function parseTagList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** 1-based number of the last non-empty line: where a cut-short file stops. */
function countLines(text: string): number {
  return lineAt(text, text.trimEnd().length);
}
