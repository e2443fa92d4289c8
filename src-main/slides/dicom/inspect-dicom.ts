import path from 'node:path';
import type { ByteReader } from '../byte-reader.js';
import { withoutUndefined } from '../compact.js';
import { membersOf } from '../members.js';
import { cutShort, damaged, notASlide } from '../reasons.js';
import type { SlideInspection, SlideMetadata } from '../types.js';
import { readDicomInstance, WSI_SOP_CLASS, type DicomInstance, type DicomRead } from './dicom-instance.js';
import { collectSeries } from './dicom-series.js';
import { associatedImages, imageRole } from './roles.js';
import { seriesProblem } from './series-checks.js';

/**
 * A DICOM file: a whole-slide instance is one file of a series, reported as one multi-file slide whose
 * members are every instance, once each instance is whole and the series is consistent (series-checks.ts);
 * other DICOM objects are not slides.
 */
export async function inspectDicom(reader: ByteReader, signal?: AbortSignal): Promise<SlideInspection> {
  const name = reader.name;
  const first = await readDicomInstance(reader, { checkPixelData: true });
  const instance = first.instance;
  const problem = describeProblem(first);
  // Cut before the SOP class is known: we cannot tell a slide from an X-ray, but it is broken either way.
  if (problem && instance.sopClassUid === undefined) return problem;
  if (instance.sopClassUid !== WSI_SOP_CLASS) {
    return {
      kind: 'not-a-slide',
      reason: notASlide(name, `a DICOM ${sopClassName(instance.sopClassUid)}, not a whole-slide image`),
    };
  }
  if (problem) return problem;
  if (!instance.seriesInstanceUid) {
    return {
      kind: 'incomplete',
      format: 'dicom',
      reason: damaged(name, 'dicom', 'it does not say which slide (series) it belongs to'),
    };
  }

  const series = await collectSeries(first, { checkPixelData: true, signal });
  for (const member of series.reads) {
    const memberProblem = describeProblem(member);
    if (memberProblem) {
      return {
        ...memberProblem,
        reason: `${memberProblem.reason} (${path.basename(member.instance.file)} is part of the same DICOM slide as ${name}.)`,
      };
    }
  }
  const instances = series.reads.map((read) => read.instance);
  const files = instances.map((instance) => instance.file);
  const main = files[0] ?? reader.file;
  // Entry names are relative to the folder the instances share, so the ZIP holds the series as it lies.
  const root = commonFolder(files);
  const nameOf = (instance: DicomInstance) => path.relative(root, instance.file).split(path.sep).join('/');
  const inconsistent = seriesProblem(instances, nameOf, path.basename(main));
  if (inconsistent) return { kind: 'incomplete', format: 'dicom', reason: inconsistent };
  const members = await membersOf(main, files, root);
  return {
    kind: 'slide',
    format: 'dicom',
    files: members.map((member) => member.path),
    members,
    warnings: [],
    metadata: seriesMetadata(instances, nameOf),
  };
}

/** The deepest folder holding every file. */
function commonFolder(files: readonly string[]): string {
  const folders = files.map((file) => path.dirname(path.resolve(file)).split(path.sep));
  const first = folders[0] ?? [];
  let length = first.length;
  for (const folder of folders) {
    let same = 0;
    while (same < Math.min(length, folder.length) && folder[same] === first[same]) same += 1;
    length = same;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

function describeProblem(
  read: DicomRead,
): Extract<SlideInspection, { kind: 'incomplete' | 'unreadable' }> | undefined {
  const problem = read.problem;
  if (!problem) return undefined;
  const name = path.basename(read.instance.file);
  switch (problem.kind) {
    case 'cut':
      return {
        kind: 'incomplete',
        format: 'dicom',
        reason: cutShort(name, problem.neededEnd, problem.fileSize, problem.atLeast),
        detail: `past the end: ${problem.what}`,
      };
    case 'damaged':
      return { kind: 'incomplete', format: 'dicom', reason: damaged(name, 'dicom', problem.what) };
    case 'unsupported':
      return {
        kind: 'unreadable',
        reason: `${name} cannot be checked: ${problem.what}, which this uploader cannot read.`,
      };
  }
}

function seriesMetadata(
  instances: readonly DicomInstance[],
  nameOf: (instance: DicomInstance) => string,
): SlideMetadata {
  const main = instances[0];
  if (!main) return {};
  // A level split over several files (a concatenation) is still one level.
  const levels = new Set(
    instances
      .filter((instance) => imageRole(instance) === 'volume')
      .map(
        (instance) => `${instance.totalColumns ?? instance.columns}x${instance.totalRows ?? instance.rows}`,
      ),
  );
  const spacing = main.pixelSpacingMm;
  const mpp = (mm: number | undefined) => (mm ? Number((mm * 1000).toPrecision(6)) : undefined);
  return withoutUndefined({
    width: main.totalColumns ?? main.columns,
    height: main.totalRows ?? main.rows,
    levels: Math.max(1, levels.size),
    vendor: main.manufacturer || undefined,
    magnification: main.objectivePower,
    mppX: mpp(spacing?.[1]),
    mppY: mpp(spacing?.[0]),
    tiled: true,
    compression: transferSyntaxName(main.transferSyntax),
    properties: withoutUndefined({
      'dicom.SeriesInstanceUID': main.seriesInstanceUid,
      'dicom.StudyInstanceUID': main.studyInstanceUid,
      'dicom.ContainerIdentifier': main.containerIdentifier || undefined,
      'dicom.TransferSyntaxUID': main.transferSyntax,
      'dicom.ManufacturerModelName': main.modelName || undefined,
      'dicom.instances': String(instances.length),
      ...associatedImages(instances, nameOf),
    }) as Record<string, string>,
  });
}

const SOP_CLASS_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.5.1.4.1.1.2', 'CT image'],
  ['1.2.840.10008.5.1.4.1.1.4', 'MR image'],
  ['1.2.840.10008.5.1.4.1.1.1', 'X-ray (CR) image'],
  ['1.2.840.10008.5.1.4.1.1.1.1', 'digital X-ray image'],
  ['1.2.840.10008.5.1.4.1.1.6.1', 'ultrasound image'],
  ['1.2.840.10008.5.1.4.1.1.7', 'secondary capture image'],
  ['1.2.840.10008.5.1.4.1.1.77.1.2', 'microscope photograph (VL Microscopic Image)'],
  ['1.2.840.10008.5.1.4.1.1.77.1.3', 'microscope photograph (VL Slide-Coordinates Microscopic Image)'],
  ['1.2.840.10008.5.1.4.1.1.88.11', 'report (Basic Text SR)'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'encapsulated PDF'],
]);

function sopClassName(uid: string | undefined): string {
  if (!uid) return 'object of unknown type';
  return SOP_CLASS_NAMES.get(uid) ?? `object of type ${uid}`;
}

function transferSyntaxName(uid: string | undefined): string | undefined {
  switch (uid) {
    case undefined:
      return undefined;
    case '1.2.840.10008.1.2':
    case '1.2.840.10008.1.2.1':
    case '1.2.840.10008.1.2.2':
      return 'none';
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
      return 'JPEG';
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return 'lossless JPEG';
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
      return 'JPEG 2000';
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203':
      return 'HTJ2K';
    case '1.2.840.10008.1.2.5':
      return 'RLE';
    default:
      return `transfer syntax ${uid}`;
  }
}
