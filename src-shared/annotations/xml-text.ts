/** Small text helpers for reading and writing XML attribute values. */

// Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
const UNREPRESENTABLE_IN_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Written as references, because a reader normalises literal tabs and line breaks in attributes to spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for a double-quoted attribute; characters XML cannot carry become U+FFFD. */
export function escapeXmlAttribute(value: string): string {
  return value
    .replace(UNREPRESENTABLE_IN_XML, '\uFFFD')
    .replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/** Decimal notation with an optional exponent; not "NaN", "Infinity", "0x1F" or "". */
const DECIMAL_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Reads a numeric attribute strictly: "" and "12px" are not numbers (Number() would say 0 and NaN
 * inconsistently), and "1e999" overflows to Infinity, so it is refused too.
 */
export function parseFiniteNumber(text: string): number | null {
  if (!DECIMAL_NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Formats a coordinate or measurement with at most `decimals` decimals and never in exponent notation
 * (1e-7 would become "1e-7", which older readers misread).
 */
export function formatDecimal(value: number, decimals: number): string {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  // `+ 0` turns -0 into 0 so it is written "0", not "-0".
  const text = String(rounded + 0);
  return text.includes('e') ? rounded.toFixed(decimals) : text;
}

/**
 * Every digit of a coordinate (the shortest text that reads back as the same number), never in exponent
 * notation: 1.5e-7 is written 0.00000015. Used where a conversion must give back exactly what it was given.
 */
export function formatExactDecimal(value: number): string {
  const text = String(value + 0);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', lead = '', fraction = '', exponentText = '0'] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  // A positive exponent is at least 21 here (String() writes smaller ones in full), past all fraction digits.
  return `${sign}${digits}${'0'.repeat(exponent - fraction.length)}`;
}
