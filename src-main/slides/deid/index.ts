import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from '../byte-reader.js';
import { sniff } from '../sniff.js';
import type { SlideMember } from '../types.js';
import type { DeidOutcome } from './plan.js';
import { hasDicomMagic } from '../dicom/dicom-series.js';
import { planDicomSeries } from './dicom-plan.js';
import { planMirax } from './mirax-plan.js';
import { planTiff } from './tiff-plan.js';

export {
  describePlan,
  planFromJson,
  planHash,
  planToJson,
  type DeidOutcome,
  type DeidPlan,
  type MemberPlan,
} from './plan.js';

/** The exact length of the ZIP of a multi-file slide's members (engine/source/slide-zip.ts). */
export type ZipLength = (members: readonly SlideMember[]) => Promise<number>;

/**
 * The de-identification plan of a slide file as it is now, or why it cannot be de-identified (then, with
 * de-identification on, it is refused, never uploaded with its label). Reads only headers and directories.
 */
export async function planDeidentification(
  file: string,
  members?: readonly SlideMember[] | null,
  zipLength?: ZipLength,
): Promise<DeidOutcome> {
  const name = path.basename(file);
  if (members && members.length > 0) {
    if (await isDicom(members[0]!)) {
      if (!zipLength) throw new Error('Planning a DICOM series needs the length of its ZIP.');
      return planDicomSeries(`The DICOM series of ${name}`, members, zipLength);
    }
    if (path.extname(file).toLowerCase() === '.mrxs') {
      if (!zipLength) throw new Error('Planning a MIRAX slide needs the length of its ZIP.');
      return planMirax(`The MIRAX slide ${name}`, members, zipLength);
    }
    return {
      ok: false,
      reason: `${name} was not uploaded: de-identification is on, and removing labels from VSI slides is not supported yet. Upload it with de-identification off only if it may carry its label.`,
    };
  }
  const info = await stat(file);
  const reader = await ByteReader.open(file, { knownFile: { size: info.size } });
  try {
    const head = sniff(await reader.read(0, 4096));
    if (head.kind !== 'tiff')
      return {
        ok: false,
        reason: `${name} was not uploaded: de-identification is on, and removing labels is only supported for SVS, NDPI and pyramidal TIFF files so far. Upload it with de-identification off only if it may carry its label.`,
      };
    return await planTiff(reader, Math.trunc(info.mtimeMs));
  } finally {
    await reader.close();
  }
}

async function isDicom(member: SlideMember): Promise<boolean> {
  const reader = await ByteReader.open(member.path, { knownFile: { size: member.size } });
  try {
    return await hasDicomMagic(reader);
  } finally {
    await reader.close();
  }
}
