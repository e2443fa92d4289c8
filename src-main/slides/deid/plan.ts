import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A de-identification plan: byte ranges of the source file to send differently, so the upload has the same
 * length as the file and the file itself is never modified or copied. Computed from the file's structure (see
 * tiff-plan.ts), persisted with the job, and overlaid on every read of the upload (engine/source/patched-reader.ts),
 * so a resumed upload sends exactly the bytes it sent before.
 */
export interface BytePatch {
  offset: number;
  length: number;
  /** The replacement bytes (base64); absent: `length` zero bytes (image data wiped). */
  bytes?: string;
}

/**
 * A member of a multi-file slide that is sent (DICOM series): its version, and the patches laid over its own bytes
 * as it is streamed into the slide's ZIP (so the ZIP's CRC-32s are of the bytes sent). Members not listed are left
 * out of the ZIP.
 */
export interface MemberPlan {
  path: string;
  entryName: string;
  size: number;
  mtimeMs: number;
  patches: BytePatch[];
}

export interface DeidPlan {
  version: 1;
  /** The file version the plan was computed for: a plan never applies to any other. */
  size: number;
  mtimeMs: number;
  /** What was removed, for people: "label image", "macro image". */
  removed: string[];
  /** Metadata fields blanked, for people: "Filename", "DateTime". */
  blanked: string[];
  /** Sorted by offset, never overlapping, all inside [0, size). */
  patches: BytePatch[];
  /** A multi-file slide: the members sent, each with its own patches (then `patches` is empty). */
  members?: MemberPlan[];
}

export type DeidOutcome = { ok: true; plan: DeidPlan } | { ok: false; reason: string };

const patchesSchema = z.array(
  z.object({
    offset: z.number().int().nonnegative(),
    length: z.number().int().positive(),
    bytes: z.string().optional(),
  }),
);

const planSchema = z.object({
  version: z.literal(1),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  removed: z.array(z.string()),
  blanked: z.array(z.string()),
  patches: patchesSchema,
  members: z
    .array(
      z.object({
        path: z.string().min(1),
        entryName: z.string().min(1),
        size: z.number().int().nonnegative(),
        mtimeMs: z.number(),
        patches: patchesSchema,
      }),
    )
    .optional(),
});

export const planToJson = (plan: DeidPlan): string => JSON.stringify(plan);

/** The plan recorded for a job; a column that does not parse (damaged database) is an error, never "no plan". */
export function planFromJson(json: string): DeidPlan {
  const parsed = planSchema.safeParse(safeJson(json));
  if (!parsed.success) throw new Error('the recorded de-identification plan is damaged');
  const plan = parsed.data;
  assertWellFormed(plan);
  return plan;
}

/** Patches sorted, disjoint, inside the file (or member), and each `bytes` exactly `length` long. */
export function assertWellFormed(plan: Pick<DeidPlan, 'patches' | 'size' | 'members'>): void {
  for (const member of plan.members ?? []) assertWellFormed({ patches: member.patches, size: member.size });
  let end = 0;
  for (const patch of plan.patches) {
    if (patch.offset < end) throw new Error(`de-identification patches overlap at byte ${patch.offset}`);
    end = patch.offset + patch.length;
    if (end > plan.size) throw new Error(`a de-identification patch runs past the end of the file`);
    if (patch.bytes !== undefined && Buffer.from(patch.bytes, 'base64').length !== patch.length)
      throw new Error(`a de-identification patch at byte ${patch.offset} has the wrong length`);
  }
}

/** A short stable hash of the plan (it changes the bytes sent, so it is part of the content's identity). */
export const planHash = (plan: DeidPlan): string =>
  createHash('sha256').update(planToJson(plan)).digest('hex');

/** For the queue row and logs: "label and macro removed, 5 fields blanked". */
export function describePlan(plan: Pick<DeidPlan, 'removed' | 'blanked'>): string {
  const kinds = plan.removed.map((what) => what.replace(/ image$/, ''));
  const unique = [...new Set(kinds)];
  const removed =
    unique.length === 0
      ? 'no label found'
      : `${unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`} removed`;
  const fields = new Set(plan.blanked).size;
  return fields === 0 ? removed : `${removed}, ${fields} identifying field${fields === 1 ? '' : 's'} blanked`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
