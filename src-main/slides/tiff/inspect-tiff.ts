import type { ByteReader } from '../byte-reader.js';
import { withoutUndefined } from '../compact.js';
import { extensionOf, formatFromExtension } from '../extensions.js';
import { bytes, cutShort, damaged, formatLabel, stillBeingWritten } from '../reasons.js';
import type { SlideFormat, SlideInspection, SlideMetadata } from '../types.js';
import { readTiffDirectories, type IfdFields } from './ifd-fields.js';
import { checkImageData } from './image-data.js';
import { readTiffHeader, type TiffStructure } from './ifd-walker.js';
import { compressionName } from './tags.js';
import { detectTiffFormat, pyramidLevels, vendorDetails } from './vendors.js';

export type TiffAnalysis =
  | { ok: false; inspection: Extract<SlideInspection, { kind: 'incomplete' }> }
  | { ok: true; format: SlideFormat; metadata: SlideMetadata; warnings: string[] };

/** 16 TiB: no slide file is larger, so a pointer past this is garbage rather than a cut. */
const IMPLAUSIBLE_END = 2 ** 44;

const TIFF_FAMILY: ReadonlySet<SlideFormat> = new Set([
  'aperio-svs',
  'hamamatsu-ndpi',
  'leica-scn',
  'ventana-bif',
  'philips-tiff',
  'generic-tiff',
  'olympus-vsi',
]);

/** A TIFF-based slide: walk every directory, check every table and piece of data lies inside the file. */
export async function inspectTiff(reader: ByteReader): Promise<SlideInspection> {
  const analysis = await analyseTiff(reader);
  if (!analysis.ok) return analysis.inspection;
  return {
    kind: 'slide',
    format: analysis.format,
    metadata: analysis.metadata,
    files: [reader.file],
    warnings: analysis.warnings,
  };
}

export async function analyseTiff(reader: ByteReader): Promise<TiffAnalysis> {
  const name = reader.name;
  const named = formatFromExtension(reader.file);
  const fallbackFormat: SlideFormat = TIFF_FAMILY.has(named) ? named : 'generic-tiff';
  const incomplete = (format: SlideFormat, reason: string, detail?: string): TiffAnalysis => ({
    ok: false,
    inspection: { kind: 'incomplete', format, reason, ...(detail ? { detail } : {}) },
  });

  const header = await readTiffHeader(reader);
  if (!header.ok) {
    if ('neededEnd' in header)
      return incomplete(fallbackFormat, cutShort(name, header.neededEnd, reader.size, true));
    if ('unfinished' in header) return incomplete(fallbackFormat, stillBeingWritten(name, header.unfinished));
    return incomplete(fallbackFormat, damaged(name, fallbackFormat, header.damage));
  }

  const { structure, fields } = await readTiffDirectories(reader, header.header, {
    ndpiHint: extensionOf(reader.file) === '.ndpi',
  });
  for (const field of fields) checkImageData(field, reader.size, structure);

  const detected = detectTiffFormat(fields);
  const format = named === 'olympus-vsi' ? named : detected;
  const problemFormat = detected !== 'generic-tiff' ? detected : fallbackFormat;

  const problem = describeProblem(name, reader.size, problemFormat, structure);
  if (problem) return incomplete(problemFormat, problem.reason, problem.detail);
  if (fields.length === 0)
    return incomplete(problemFormat, damaged(name, problemFormat, 'it contains no images'));

  return { ok: true, format, ...describeSlide(reader, format, named, fields, structure) };
}

function describeProblem(
  name: string,
  size: number,
  format: SlideFormat,
  structure: TiffStructure,
): { reason: string; detail: string } | undefined {
  // NDPI files of 4 GB or more wrap their offsets: an apparent overrun there is not proof of a cut.
  const wrapTolerated = format === 'hamamatsu-ndpi' && structure.ndpiWide;
  const overruns = structure.pastEnd.filter((overrun) => !(wrapTolerated && overrun.maybeNdpiWrap));
  // A position beyond any real file size is garbage, not a sign of a cut.
  const garbage = overruns.find((overrun) => !(overrun.neededEnd <= IMPLAUSIBLE_END));
  if (garbage) {
    const where = Number.isFinite(garbage.neededEnd) ? ` at byte ${bytes(garbage.neededEnd)}` : '';
    const what = `it places the ${garbage.what}${where}, far beyond the size of any real slide file`;
    return { reason: damaged(name, format, what), detail: what };
  }
  if (overruns.length > 0) {
    const neededEnd = Math.max(...overruns.map((overrun) => overrun.neededEnd));
    return {
      reason: cutShort(name, neededEnd, size, structure.stoppedEarly),
      detail: `past the end (${bytes(size)} bytes): ${overruns
        .slice(0, 5)
        .map((overrun) => `${overrun.what} (to byte ${bytes(overrun.neededEnd)})`)
        .join('; ')}${overruns.length > 5 ? `; and ${overruns.length - 5} more` : ''}`,
    };
  }
  if (structure.unfinished.length > 0) {
    return {
      reason: stillBeingWritten(name, structure.unfinished[0] ?? ''),
      detail: structure.unfinished.join('; '),
    };
  }
  if (structure.damage.length > 0) {
    return { reason: damaged(name, format, structure.damage[0] ?? ''), detail: structure.damage.join('; ') };
  }
  return undefined;
}

function describeSlide(
  reader: ByteReader,
  format: SlideFormat,
  named: SlideFormat,
  fields: readonly IfdFields[],
  structure: TiffStructure,
): { metadata: SlideMetadata; warnings: string[] } {
  const name = reader.name;
  const warnings = [...structure.warnings];
  const levels = pyramidLevels(format, fields);
  const base = levels[0] ?? fields[0];
  const details = vendorDetails(format, fields);
  const compression = base?.compression === undefined ? undefined : compressionName(base.compression);

  if (format === 'hamamatsu-ndpi' && structure.ndpiUnresolved) {
    warnings.push(
      `${name} is an NDPI file larger than 4 GB and one of its image levels could not be located (NDPI stores positions past 4 GB without their high bits), so it was only partly checked. It may be complete; if the copy was interrupted, copy it again.`,
    );
  } else if (format === 'hamamatsu-ndpi' && structure.ndpiWide) {
    warnings.push(
      `${name} is an NDPI file larger than 4 GB. NDPI stores positions past 4 GB without their high bits, so the part of the file beyond 4 GB could only be partly checked.`,
    );
  }
  if (compression && !compression.known) {
    warnings.push(
      `${name} uses an unrecognised compression scheme (code ${base?.compression}). Its structure is intact, but viewers and the AI service may not be able to decode its pixels.`,
    );
  }
  if (format === 'generic-tiff' && levels.length < 2) {
    warnings.push(
      `${name} is a single flat image, not a pyramid (no lower-resolution levels). It can be uploaded, but check it really is a slide scan.`,
    );
  }
  if (named !== format && named !== 'generic-tiff' && TIFF_FAMILY.has(named)) {
    warnings.push(
      `${name} is named like a ${formatLabel(named)} file but its contents are a ${formatLabel(format)} file.`,
    );
  }

  const first = fields[0];
  const properties: Record<string, string> = {
    'tiff.directories': String(fields.length),
    ...definedStrings({
      'tiff.Make': first?.make,
      'tiff.Model': first?.model,
      'tiff.Software': first?.software,
      'tiff.DateTime': first?.dateTime,
    }),
    ...details.properties,
  };
  const metadata: SlideMetadata = {
    width: base?.width,
    height: base?.height,
    levels: details.levels ?? levels.length,
    vendor: details.vendor,
    magnification: details.magnification,
    mppX: details.mppX,
    mppY: details.mppY,
    bigTiff: structure.header.bigTiff,
    tiled: base?.tiled ?? false,
    compression: compression?.name,
    properties,
  };
  return { metadata: withoutUndefined(metadata), warnings };
}

function definedStrings(values: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value) result[key] = value;
  return result;
}
