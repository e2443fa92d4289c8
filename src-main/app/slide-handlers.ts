import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppCommandError, type AppHandlers, type SlideQcReport } from '../../src-shared/app/index.js';
import { setVersion } from '../engine/source/upload-source.js';
import { slideZipName } from '../engine/source/slide-zip.js';
import { qcSlide, type SlideInspection } from '../slides/index.js';
import type { SlidePreviews } from '../slides/previews/index.js';
import type { AppContext } from './app-context.js';
import { toSlideCheck } from './slide-check.js';

/**
 * Slide QC on demand (what the queue would decide for a file, and everything it read and decoded on the way) and
 * slide previews, by path or by queue job. Previews are answered as data: URLs: at most a few tens of KiB, they
 * travel over every transport (Electron IPC, the browser host's socket, the CLI) as they are, and neither host
 * needs a route that would serve files from disk.
 */
export function slideHandlers(
  ctx: AppContext,
  previews: SlidePreviews,
): Pick<AppHandlers, 'slides.inspect' | 'slides.preview'> {
  return {
    'slides.inspect': async ({ path: file }) =>
      qcReport(path.resolve(file), await qcSlide(path.resolve(file))),
    'slides.preview': async (args) => {
      if ('path' in args) return previews.preview(path.resolve(args.path), args.kind);
      const job = (await ctx.connection()).engine.get(args.jobId);
      if (!job)
        throw new AppCommandError(
          `There is no job #${args.jobId} in the queue; it may have been cleared (list the queue to see its jobs).`,
          'not-found',
        );
      return previews.preview(job.sourcePath, args.kind);
    },
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
