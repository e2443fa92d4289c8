import { damaged, damagedTogether } from '../reasons.js';
import { concatenationProblem, concatenationsOf, size } from './concatenations.js';
import type { DicomInstance } from './dicom-instance.js';
import { imageRole } from './roles.js';

/**
 * A DICOM whole-slide series is sent only when it is one consistent set: no instance twice, every part of a
 * split image present, frame counts that match the image data and the image size, one size per pyramid
 * level, and the full-resolution level among the files. Returns a technician reason naming the file(s) at
 * fault, or undefined. Each instance's own structure (cut short, damaged) is checked before this.
 */
export function seriesProblem(
  instances: readonly DicomInstance[],
  nameOf: (instance: DicomInstance) => string,
  slide: string,
): string | undefined {
  return (
    duplicate(instances, nameOf) ??
    noImage(instances, nameOf, slide) ??
    concatenations(instances, nameOf, slide) ??
    firstOf(instances, (instance) => frameProblem(instance, nameOf)) ??
    tiledFull(instances, nameOf) ??
    levelSizes(instances, nameOf) ??
    baseLevel(instances, slide)
  );
}

/** 2000000000 → "2,000,000,000". */
const count = (value: number) => value.toLocaleString('en-US');

const AGAIN = 'Copy the whole series again from the scanner (or the PACS export), then add it again.';

/**
 * The same instance (SOP Instance UID) in two files is usually an accidental copy ("1 (copy).dcm"). We refuse
 * and name both rather than quietly keep one: we cannot tell which the technician meant to keep, the two may
 * differ (a re-export), and the server would otherwise receive a set that is not what the folder shows.
 */
function duplicate(instances: readonly DicomInstance[], nameOf: (i: DicomInstance) => string) {
  const seen = new Map<string, DicomInstance>();
  for (const instance of instances) {
    const uid = instance.sopInstanceUid;
    if (!uid) continue;
    const other = seen.get(uid);
    if (other) {
      return `${nameOf(other)} and ${nameOf(instance)} are the same DICOM image twice (the same SOP Instance UID): one is a copy of the other. Remove the extra copy from the folder, then add the slide again.`;
    }
    seen.set(uid, instance);
  }
  return undefined;
}

function noImage(instances: readonly DicomInstance[], nameOf: (i: DicomInstance) => string, slide: string) {
  // Only when every file is an associated picture: an instance without ImageType may still be the image.
  const pictures = ['label', 'overview', 'thumbnail'];
  if (!instances.every((instance) => pictures.includes(imageRole(instance)))) return undefined;
  const names = instances.map(nameOf).join(', ');
  return `The DICOM slide ${slide} is incomplete: its folder holds only label or overview pictures (${names}), not the scanned image itself. ${AGAIN}`;
}

function concatenations(
  instances: readonly DicomInstance[],
  nameOf: (i: DicomInstance) => string,
  slide: string,
) {
  for (const parts of concatenationsOf(instances)) {
    const problem = concatenationProblem(parts);
    if (!problem) continue;
    if (problem.kind === 'conflict') {
      const files =
        problem.a === problem.b ? nameOf(problem.a) : `${nameOf(problem.a)} and ${nameOf(problem.b)}`;
      return `The DICOM slide ${slide} is damaged: ${files} ${problem.a === problem.b ? 'is a part' : 'are parts'} of one image split over several files, but ${problem.what}. ${AGAIN}`;
    }
    const present = problem.present.map(nameOf).join(', ');
    const gaps = problem.missing;
    const which =
      gaps.length === 1
        ? `part ${gaps[0]} of ${problem.total} is`
        : gaps.length <= 5
          ? `parts ${gaps.join(', ')} of ${problem.total} are`
          : `${count(gaps.length)} of its ${count(problem.total)} parts are`;
    return `The DICOM slide ${slide} is incomplete: one of its images is split over ${count(problem.total)} files, but only ${present} ${problem.present.length === 1 ? 'is' : 'are'} here — ${which} missing. ${AGAIN}`;
  }
  return undefined;
}

function frameProblem(instance: DicomInstance, nameOf: (i: DicomInstance) => string): string | undefined {
  const declared = instance.numberOfFrames;
  if (!declared) return undefined;
  const name = nameOf(instance);
  const eot = instance.extendedOffsetTableEntries;
  if (eot !== undefined && eot !== declared)
    return damaged(
      name,
      'dicom',
      `its header says it holds ${count(declared)} tiles (frames) but its offset table lists ${count(eot)}`,
    );
  const counted = instance.frames;
  if (!counted) return undefined;
  if (counted.outside)
    return damaged(name, 'dicom', 'its offset table points past the end of its image data');
  const wrong = counted.exact ? counted.frames !== declared : counted.frames < declared;
  if (!wrong) return undefined;
  const found =
    counted.from === 'offset table'
      ? `its offset table lists ${count(counted.frames)}`
      : `its image data holds only ${count(counted.frames)}`;
  return damaged(name, 'dicom', `its header says it holds ${count(declared)} tiles (frames) but ${found}`);
}

/**
 * TILED_FULL: every tile of every focal plane and optical path is stored, so the frames of the image (summed
 * over the parts of a concatenation) must be exactly tiles across × tiles down × planes × paths.
 */
function tiledFull(instances: readonly DicomInstance[], nameOf: (i: DicomInstance) => string) {
  const images: DicomInstance[][] = [
    ...instances.filter((instance) => !instance.concatenationUid).map((instance) => [instance]),
    ...concatenationsOf(instances),
  ];
  for (const parts of images) {
    const first = parts[0];
    if (!first || first.dimensionOrganization !== 'TILED_FULL') continue;
    const { totalColumns, totalRows, columns, rows } = first;
    if (!totalColumns || !totalRows || !columns || !rows) continue;
    const expected =
      Math.ceil(totalColumns / columns) *
      Math.ceil(totalRows / rows) *
      (first.focalPlanes || 1) *
      (first.opticalPaths || 1);
    const declared = parts.reduce((sum, part) => sum + (part.numberOfFrames ?? 1), 0);
    if (declared === expected) continue;
    const tiles = `${columns}×${rows}-pixel tiles, which makes ${count(expected)} tiles`;
    if (parts.length === 1) {
      return damaged(
        nameOf(first),
        'dicom',
        `its image is ${size(first)} pixels in ${tiles}, but it says it holds ${count(declared)}`,
      );
    }
    return damagedTogether(
      parts.map(nameOf),
      'dicom',
      `they are one image of ${size(first)} pixels in ${tiles}, but together they say they hold ${count(declared)}`,
    );
  }
  return undefined;
}

/** Instances of one pyramid level (same pixel spacing) must agree on the level's size. */
function levelSizes(instances: readonly DicomInstance[], nameOf: (i: DicomInstance) => string) {
  const levels = new Map<string, DicomInstance>();
  for (const instance of instances) {
    const spacing = instance.pixelSpacingMm;
    if (imageRole(instance) !== 'volume' || !spacing || !instance.totalColumns || !instance.totalRows)
      continue;
    const key = spacing.map((value) => value.toPrecision(6)).join('\\');
    const other = levels.get(key);
    if (!other) {
      levels.set(key, instance);
    } else if (other.totalColumns !== instance.totalColumns || other.totalRows !== instance.totalRows) {
      return `${nameOf(other)} and ${nameOf(instance)} disagree about the size of the same image level (${size(other)} and ${size(instance)} pixels): they come from different scans, or one is damaged. ${AGAIN}`;
    }
  }
  return undefined;
}

/** Only reduced levels (RESAMPLED) and no full-resolution image: the base level's file is missing. */
function baseLevel(instances: readonly DicomInstance[], slide: string) {
  const volumes = instances.filter((instance) => imageRole(instance) === 'volume');
  if (volumes.length === 0 || !volumes.every((instance) => instance.imageType[3] === 'RESAMPLED'))
    return undefined;
  return `The DICOM slide ${slide} is incomplete: only its reduced-resolution levels are here; the file with the full-resolution image is missing. ${AGAIN}`;
}

function firstOf<T>(items: readonly T[], problem: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = problem(item);
    if (found) return found;
  }
  return undefined;
}
