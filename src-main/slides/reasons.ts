import type { SlideFormat } from './types.js';

/** Messages in lab-technician words: what is wrong with the file and what to do about it. */

const FORMAT_LABELS: Record<SlideFormat, string> = {
  'aperio-svs': 'Aperio SVS',
  'hamamatsu-ndpi': 'Hamamatsu NDPI',
  'leica-scn': 'Leica SCN',
  'ventana-bif': 'Ventana BIF',
  'philips-tiff': 'Philips TIFF',
  'generic-tiff': 'TIFF',
  'zeiss-czi': 'Zeiss CZI',
  dicom: 'DICOM',
  mirax: 'MIRAX',
  'olympus-vsi': 'Olympus VSI',
  unknown: 'slide',
};

export const formatLabel = (format: SlideFormat): string => FORMAT_LABELS[format];

/** 2651 → "2,651": byte positions people can read aloud. */
export const bytes = (value: number): string => Math.round(value).toLocaleString('en-US');

const COPY_AGAIN = 'The copy is incomplete — copy the slide again from the scanner.';
const DAMAGED_ADVICE =
  'Copy the slide again from the scanner; if the new copy is refused too, the scanner’s own file is damaged — ask for the slide to be re-exported or re-scanned.';

export function cutShort(name: string, neededEnd: number, fileSize: number, atLeast: boolean): string {
  const target = atLeast ? `at least to byte ${bytes(neededEnd)}` : `to byte ${bytes(neededEnd)}`;
  return `${name} is cut short: its image data should run ${target} but the file ends at byte ${bytes(fileSize)}. ${COPY_AGAIN}`;
}

export function damaged(name: string, format: SlideFormat, what: string): string {
  return `${name} is a damaged ${formatLabel(format)} file: ${what}. ${DAMAGED_ADVICE}`;
}

/** Several files of one multi-file slide are damaged together (e.g. the parts of one DICOM image). */
export function damagedTogether(names: readonly string[], format: SlideFormat, what: string): string {
  return `${names.join(', ')} are damaged ${formatLabel(format)} files: ${what}. ${DAMAGED_ADVICE}`;
}

export function stillBeingWritten(name: string, what: string): string {
  return `${name} is not finished yet: ${what}. Wait until the scanner (or the copy) has finished, then add it again.`;
}

export function emptyFile(name: string): string {
  return `${name} is empty (0 bytes): the copy failed or has not started. Copy the slide again from the scanner.`;
}

export function blankStart(name: string): string {
  return `${name} starts with blank (zero) bytes instead of slide data: the copy is probably still in progress or was interrupted. Wait for the copy to finish, or copy the slide again from the scanner.`;
}

export function notASlideNamedLikeOne(name: string, expected: string, found: string): string {
  return `${name} is named like a slide but is not one: it does not start like ${expected} file (it looks like ${found}). Check that the right file was picked; if it came from a scanner, copy it again.`;
}

export function notASlide(name: string, found: string): string {
  return `${name} is not a slide scan (it looks like ${found}), so it was skipped.`;
}

/** Turns an operating-system error into what a technician can act on. */
export function unreadableReason(name: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return `${name} no longer exists (it was moved, renamed or deleted). Add it again from its new place.`;
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be opened: permission denied. Ask IT to give this computer read access to the file or its folder.`;
    case 'EBUSY':
    case 'EAGAIN':
      return `${name} is locked by another program (perhaps the scanner is still writing it). Try again when the scan has finished.`;
    case 'EISDIR':
      return `${name} is a folder, not a slide file.`;
    case 'EIO':
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'ENOTCONN':
    case 'ESTALE':
      return `${name} could not be read: the disk or network share returned an error (${code}). Check the connection to the share and try again.`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `${name} could not be read (${message}). Check the file is still there and readable, then try again.`;
    }
  }
}
