import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from './byte-reader.js';
import { fingerprintWith } from '../shared/fingerprint.js';
import { inspectCzi } from './czi.js';
import { inspectDicom } from './dicom/inspect-dicom.js';
import { extensionOf, formatFromExtension, hasSlideExtension } from './extensions.js';
import { inspectMirax } from './mirax.js';
import { folderSlideOf } from './multi-file.js';
import {
  blankStart,
  cutShort,
  emptyFile,
  notASlide,
  notASlideNamedLikeOne,
  unreadableReason,
} from './reasons.js';
import { sniff } from './sniff.js';
import { inspectTiff } from './tiff/inspect-tiff.js';
import type { InspectOptions, SlideFormat, SlideInspection } from './types.js';
import { inspectVsi } from './vsi.js';

/** How many leading bytes identify a file: enough for every signature (DICOM's is at byte 128). */
const HEAD_BYTES = 4096;

/**
 * Recognises a slide and checks it is complete, reading only headers, directories and tables — never
 * pixel data, never the whole file. Never throws for a bad file (only when `signal` aborts): every
 * outcome is a SlideInspection with a reason a technician can act on.
 */
export async function inspectSlide(file: string, options: InspectOptions = {}): Promise<SlideInspection> {
  options.signal?.throwIfAborted();
  const name = path.basename(file);
  try {
    const info = options.knownFile ? undefined : await stat(file);
    if (info?.isDirectory()) {
      return {
        kind: 'not-a-slide',
        reason: `${name} is a folder, not a slide file; add the slide files inside it.`,
      };
    }
    if (info && !info.isFile())
      return { kind: 'not-a-slide', reason: `${name} is not an ordinary file, so it was skipped.` };
    if (extensionOf(file) === '.mrxs') return await inspectMirax(file, options);
    // A part of a folder-based slide (a MIRAX Data*.dat, a VSI .ets) stands for the whole slide.
    const folderSlide = await folderSlideOf(file);
    if (folderSlide) return await inspectFolderSlide(folderSlide, options);

    const reader = await ByteReader.open(file, options);
    try {
      const structure = await inspectOpenFile(reader, options);
      const inspection =
        options.onOpenSlide && structure.kind === 'slide'
          ? await options.onOpenSlide(reader, structure)
          : structure;
      if (inspection.kind !== 'slide' || !options.fingerprint) return inspection;
      const value = await fingerprintWith(reader.size, (position, length) => reader.read(position, length));
      return { ...inspection, fingerprint: { size: reader.size, value } };
    } finally {
      await reader.close();
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { kind: 'unreadable', reason: unreadableReason(name, error) };
  }
}

async function inspectFolderSlide(
  slide: { main: string; format: 'mirax' | 'olympus-vsi' },
  options: InspectOptions,
): Promise<SlideInspection> {
  if (slide.format === 'mirax') return inspectMirax(slide.main, options);
  const reader = await ByteReader.open(slide.main, options);
  try {
    return await inspectVsi(reader, options);
  } finally {
    await reader.close();
  }
}

async function inspectOpenFile(reader: ByteReader, options: InspectOptions): Promise<SlideInspection> {
  const name = reader.name;
  const slideNamed = hasSlideExtension(reader.file);
  const named = formatFromExtension(reader.file);
  if (reader.size === 0) {
    return slideNamed
      ? { kind: 'incomplete', format: named, reason: emptyFile(name) }
      : { kind: 'not-a-slide', reason: `${name} is empty (0 bytes), not a slide scan, so it was skipped.` };
  }
  const sniffed = sniff(await reader.read(0, HEAD_BYTES));
  switch (sniffed.kind) {
    case 'tiff':
      return extensionOf(reader.file) === '.vsi' ? inspectVsi(reader, options) : inspectTiff(reader);
    case 'czi':
      return inspectCzi(reader);
    case 'dicom':
      return inspectDicom(reader, options.signal);
    case 'partial-signature':
      // A few bytes that begin like a slide: cut short if the name says slide, else just a tiny file.
      return slideNamed
        ? { kind: 'incomplete', format: named, reason: cutShort(name, sniffed.neededEnd, reader.size, true) }
        : { kind: 'not-a-slide', reason: notASlide(name, `a ${reader.size}-byte fragment`) };
    case 'blank':
      return slideNamed
        ? { kind: 'incomplete', format: named, reason: blankStart(name) }
        : { kind: 'not-a-slide', reason: notASlide(name, 'blank (all-zero) data') };
    case 'other':
      return slideNamed
        ? {
            kind: 'not-a-slide',
            reason: notASlideNamedLikeOne(name, expectedContainer(named), sniffed.looksLike),
          }
        : { kind: 'not-a-slide', reason: notASlide(name, sniffed.looksLike) };
  }
}

function expectedContainer(format: SlideFormat): string {
  switch (format) {
    case 'zeiss-czi':
      return 'a Zeiss CZI';
    case 'dicom':
      return 'a DICOM';
    default:
      return 'a TIFF';
  }
}
