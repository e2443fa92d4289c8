/**
 * Slidedat.ini read as bytes: every `key = value` line with where its value sits in the file, so a value can be
 * replaced by bytes of the same length (de-identification never changes a member's length). Read as latin1, one
 * character per byte, so string positions are byte positions whatever the encoding of the text.
 */

export interface IniValue {
  section: string;
  key: string;
  /** Trimmed, as GLib's key-file parser and parseIni give it. */
  value: string;
  /** Byte position and length of the trimmed value in the file. */
  offset: number;
  length: number;
}

const BOM = '\u00ef\u00bb\u00bf';

export function iniValues(bytes: Buffer): IniValue[] {
  const text = bytes.toString('latin1');
  const values: IniValue[] = [];
  let section = '';
  let lineStart = text.startsWith(BOM) ? BOM.length : 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trim();
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header?.[1]) section = header[1];
    else if (!trimmed.startsWith('#') && !trimmed.startsWith(';')) {
      const equals = line.indexOf('=');
      if (equals > 0 && line.slice(0, equals).trim() !== '') {
        const raw = line.slice(equals + 1);
        const value = raw.trim();
        const lead = raw.length - raw.trimStart().length;
        values.push({
          section,
          key: line.slice(0, equals).trim(),
          value,
          offset: lineStart + equals + 1 + lead,
          length: value.length,
        });
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return values;
}
