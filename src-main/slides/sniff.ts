/** What the first bytes of a file say it is. Only slide containers are routed on; the rest is named for the reason. */
export type Sniffed =
  | { kind: 'tiff' }
  | { kind: 'czi' }
  | { kind: 'dicom' }
  /** The file is shorter than its own signature: cut short right at the start. */
  | { kind: 'partial-signature'; neededEnd: number }
  /** Nothing but zero bytes at the start: a pre-allocated file still being filled. */
  | { kind: 'blank' }
  | { kind: 'other'; looksLike: string };

const TIFF_SIGNATURES = [
  Buffer.from([0x49, 0x49, 0x2a, 0x00]),
  Buffer.from([0x4d, 0x4d, 0x00, 0x2a]),
  Buffer.from([0x49, 0x49, 0x2b, 0x00]),
  Buffer.from([0x4d, 0x4d, 0x00, 0x2b]),
];
const CZI_SIGNATURE = Buffer.from('ZISRAWFILE', 'latin1');
const DICOM_SIGNATURE_AT = 128;

/** `head` is the first bytes of the file (up to a few KB, fewer when the file is shorter). */
export function sniff(head: Buffer): Sniffed {
  if (TIFF_SIGNATURES.some((signature) => startsWith(head, signature))) return { kind: 'tiff' };
  if (startsWith(head, CZI_SIGNATURE)) return { kind: 'czi' };
  if (head.toString('latin1', DICOM_SIGNATURE_AT, DICOM_SIGNATURE_AT + 4) === 'DICM')
    return { kind: 'dicom' };
  if (head.length < 4 && TIFF_SIGNATURES.some((signature) => startsWith(signature, head))) {
    return { kind: 'partial-signature', neededEnd: 8 };
  }
  if (head.length < CZI_SIGNATURE.length && startsWith(CZI_SIGNATURE, head)) {
    return { kind: 'partial-signature', neededEnd: 544 };
  }
  if (head.every((byte) => byte === 0)) return { kind: 'blank' };
  return { kind: 'other', looksLike: describeContent(head) };
}

function startsWith(buffer: Buffer, prefix: Buffer): boolean {
  return buffer.length >= prefix.length && buffer.subarray(0, prefix.length).equals(prefix);
}

const KNOWN_CONTENT: ReadonlyArray<[Buffer, string]> = [
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG picture'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG picture'],
  [Buffer.from('GIF8', 'latin1'), 'a GIF picture'],
  [Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]), 'a JPEG 2000 picture'],
  [Buffer.from('%PDF', 'latin1'), 'a PDF document'],
  [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'a ZIP archive or Office document'],
  [Buffer.from('Rar!', 'latin1'), 'a RAR archive'],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), 'a 7-Zip archive'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip archive'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old-style Office document'],
  [Buffer.from('SIS\0', 'latin1'), 'Olympus image data (.ets) without its .vsi'],
];

export function describeContent(head: Buffer): string {
  for (const [signature, description] of KNOWN_CONTENT) if (startsWith(head, signature)) return description;
  if (looksLikeText(head)) {
    const start = head
      .toString('utf8', 0, 256)
      .replace(/^\uFEFF/, '')
      .trimStart()
      .toLowerCase();
    if (start.startsWith('<?xml')) return 'an XML document';
    if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'a web page (HTML)';
    if (start.startsWith('[')) return 'a settings (INI) text file';
    return 'a text file';
  }
  return 'unrecognised data';
}

/** UTF-8 (or ASCII) without NULs and with almost no control characters. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  let control = 0;
  for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control += 1;
  if (control > head.length / 100) return false;
  const decoded = head.toString('utf8');
  // Allow one broken character at the end (the buffer may cut a multi-byte sequence).
  const replacements = decoded.match(/\uFFFD/g)?.length ?? 0;
  return replacements <= 1;
}
