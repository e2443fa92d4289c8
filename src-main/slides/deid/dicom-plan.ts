import { ByteReader } from '../byte-reader.js';
import { readDicomInstance } from '../dicom/dicom-instance.js';
import { imageRole } from '../dicom/roles.js';
import type { SlideMember } from '../types.js';
import { planDicomInstance } from './dicom-instance-plan.js';
import type { DeidOutcome, MemberPlan } from './plan.js';

/**
 * The plan of a DICOM whole-slide series: its LABEL and OVERVIEW instances left out of the ZIP (the plan lists the
 * members that stay, and only those are recorded and sent), and every remaining instance's identifying attributes
 * blanked by same-length patches applied to that member as it is streamed into the ZIP.
 */
export async function planDicomSeries(
  seriesName: string,
  members: readonly SlideMember[],
  zipLength: (kept: readonly SlideMember[]) => Promise<number>,
): Promise<DeidOutcome> {
  const kept: MemberPlan[] = [];
  const removed: string[] = [];
  const blanked: string[] = [];
  for (const member of members) {
    const reader = await ByteReader.open(member.path, { knownFile: { size: member.size } });
    try {
      const { instance } = await readDicomInstance(reader, { checkPixelData: false });
      const role = imageRole(instance);
      if (role === 'label' || role === 'overview') {
        removed.push(`${role} image`);
        continue;
      }
      if (role === 'other')
        return refuse(
          seriesName,
          `${member.entryName} is neither a level of the slide nor its thumbnail, label or overview (image type "${instance.imageType.join('\\')}"), so it cannot be told whether it shows the label`,
        );
      const plan = await planDicomInstance(reader);
      if ('refusal' in plan) return refuse(seriesName, `${member.entryName}: ${plan.refusal}`);
      kept.push({ ...member, patches: plan.patches });
      blanked.push(...plan.blanked);
    } finally {
      await reader.close();
    }
  }
  if (kept.length === 0) return refuse(seriesName, 'it holds only label and overview images');
  return {
    ok: true,
    plan: {
      version: 1,
      size: await zipLength(kept),
      mtimeMs: Math.max(0, ...kept.map((member) => member.mtimeMs)),
      removed,
      blanked: [...new Set(blanked)],
      patches: [],
      members: kept,
    },
  };
}

const refuse = (seriesName: string, why: string): DeidOutcome => ({
  ok: false,
  reason: `${seriesName} was not uploaded: de-identification is on, and ${why}. Upload it with de-identification off only if it may carry its label.`,
});
