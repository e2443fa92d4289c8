import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppHandlers, SlideQcReport } from '../../src-shared/app/index.js';
import { setVersion } from '../engine/source/upload-source.js';
import { slideZipName } from '../engine/source/slide-zip.js';
import { qcSlide, type SlideInspection } from '../slides/index.js';
import { toSlideCheck } from './slide-check.js';

/** Slide QC on demand: what the queue would decide for a file, and everything it read and decoded on the way. */
export function slideHandlers(): Pick<AppHandlers, 'slides.inspect'> {
  return {
    'slides.inspect': async ({ path: file }) =>
      qcReport(path.resolve(file), await qcSlide(path.resolve(file))),
  };
}

export async function qcReport(file: string, inspection: SlideInspection): Promise<SlideQcReport> {
  const check = toSlideCheck(inspection);
  const base = {
    path: file,
    format: check.format,
    width: check.width,
    height: check.height,
    levels: check.levels,
    vendor: check.vendor,
    magnification: check.magnification,
    mpp: check.mpp,
  };
  if (inspection.kind !== 'slide') {
    return {
      ...base,
      verdict: inspection.kind === 'incomplete' ? 'refused' : inspection.kind,
      reason: inspection.reason,
      uploadName: null,
      uploadBytes: null,
      members: [],
      compression: null,
      pixels: null,
      warnings: [],
    };
  }
  const members = inspection.members ?? [];
  const main = inspection.files[0] ?? file;
  return {
    ...base,
    verdict: 'passes',
    reason: null,
    uploadName: members.length > 0 ? slideZipName(inspection.format, main) : path.basename(file),
    uploadBytes:
      members.length > 0
        ? (await setVersion(members)).size
        : ((await stat(file).catch(() => undefined))?.size ?? null),
    members: members.map((member) => ({ entryName: member.entryName, size: member.size })),
    compression: inspection.metadata.compression ?? null,
    pixels: inspection.pixels ?? null,
    warnings: inspection.warnings,
  };
}
