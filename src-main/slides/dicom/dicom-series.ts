import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from '../byte-reader.js';
import { extensionOf } from '../extensions.js';
import { readDicomInstance, type DicomRead } from './dicom-instance.js';

/**
 * A DICOM whole-slide image is a series: one instance per pyramid level plus label/overview images, all
 * sharing a SeriesInstanceUID. We gather the instances lying in the same folder with the same extension.
 */

/** A scanner folder never holds this many instances of one slide; beyond it, stop looking. */
const MAX_CANDIDATES = 20_000;
const PARALLEL_READS = 8;

export interface DicomSeries {
  /** Every instance of the series found, main first (see `chooseMain`). */
  reads: DicomRead[];
  /** More candidate files than we were willing to open. */
  capped: boolean;
}

export async function collectSeries(
  first: DicomRead,
  options: { checkPixelData: boolean; signal?: AbortSignal },
): Promise<DicomSeries> {
  const series = first.instance.seriesInstanceUid;
  const folder = path.dirname(first.instance.file);
  const extension = extensionOf(first.instance.file);
  const self = path.basename(first.instance.file);
  const entries = await readdir(folder, { withFileTypes: true });
  const candidates = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name !== self)
    .filter((entry) => extensionOf(entry.name) === extension)
    .map((entry) => path.join(folder, entry.name))
    .slice(0, MAX_CANDIDATES);

  const siblings = await mapLimited(candidates, PARALLEL_READS, async (file) => {
    options.signal?.throwIfAborted();
    const reader = await ByteReader.open(file, { signal: options.signal }).catch(() => undefined);
    if (!reader) return undefined;
    try {
      if (!(await hasDicomMagic(reader))) return undefined;
      return await readDicomInstance(reader, { checkPixelData: options.checkPixelData });
    } finally {
      await reader.close();
    }
  });
  const members = siblings.filter(
    (read): read is DicomRead =>
      read !== undefined && series !== undefined && read.instance.seriesInstanceUid === series,
  );
  return {
    reads: chooseMainFirst([first, ...members]),
    capped: entries.length > MAX_CANDIDATES,
  };
}

export async function hasDicomMagic(reader: ByteReader): Promise<boolean> {
  return (await reader.read(128, 4)).toString('latin1') === 'DICM';
}

/**
 * The main file is the full-resolution level: a VOLUME image with the largest pixel matrix; ties go to the
 * first name, so every member of the series names the same main.
 */
export function chooseMainFirst(reads: readonly DicomRead[]): DicomRead[] {
  const score = (read: DicomRead) => {
    const instance = read.instance;
    const volume = instance.imageType.includes('VOLUME') ? 1 : 0;
    const pixels =
      (instance.totalColumns ?? instance.columns ?? 0) * (instance.totalRows ?? instance.rows ?? 0);
    return { volume, pixels };
  };
  const sorted = [...reads].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa.volume !== sb.volume) return sb.volume - sa.volume;
    if (sa.pixels !== sb.pixels) return sb.pixels - sa.pixels;
    return compareNames(a.instance.file, b.instance.file);
  });
  const [main, ...rest] = sorted;
  return main ? [main, ...rest.sort((a, b) => compareNames(a.instance.file, b.instance.file))] : [];
}

const compareNames = (a: string, b: string) =>
  path.basename(a).localeCompare(path.basename(b), 'en', { numeric: true });

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
