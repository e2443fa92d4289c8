import { z } from 'zod';
import type { SlideMember } from '../../slides/types.js';
import type { JobRow } from '../db/jobs-repo.js';
import type { SourceVersion } from '../source-file.js';
import { planFromJson, type DeidPlan } from '../../slides/deid/plan.js';
import { PatchOverlay, patchedSource, unplannedSource } from './patched-reader.js';
import { uploadSource, type UploadSource } from './upload-source.js';

/** How a multi-file slide's members are kept in the jobs table (JSON, in ZIP order). */
const membersSchema = z.array(
  z.object({
    path: z.string().min(1),
    entryName: z.string().min(1),
    size: z.number().int().nonnegative(),
    mtimeMs: z.number(),
  }),
);

export const membersToJson = (members: readonly SlideMember[]): string => JSON.stringify(members);

/**
 * The members recorded for a job, or null for a single file. A column that no longer parses (hand-edited or
 * damaged database) fails the job with a reason instead of uploading a ZIP with members missing.
 */
export function membersOf(row: Pick<JobRow, 'members' | 'file_name'>): SlideMember[] | null {
  if (row.members === null) return null;
  const parsed = membersSchema.safeParse(safeJson(row.members));
  if (!parsed.success)
    throw new Error(`The queue's record of the files of ${row.file_name} is damaged; add the slide again.`);
  return parsed.data;
}

/**
 * What the job uploads (the file, or its slide's ZIP) — de-identified by its plan when the job says so. A plan made
 * for another version of the file is never applied: reads then fail as "source changed", and the run re-plans.
 */
export function jobSource(row: JobRow): UploadSource {
  const members = membersOf(row);
  if (row.deidentify !== 1) return uploadSource(row.source_path, members);
  const plan = row.deid_plan === null ? undefined : planFromJson(row.deid_plan);
  if (!plan || !planFitsJob(plan, row.size, row.mtime_ms, members))
    return unplannedSource(uploadSource(row.source_path, members), row.file_name);
  return plannedSource(row.source_path, members, plan);
}

/**
 * The bytes a de-identified upload sends: the file, or the ZIP of the members the plan sends, with the plan's
 * patches laid over them. `members` are those the plan sends ({@link plannedMembers}), null for a single file.
 */
export function plannedSource(
  file: string,
  members: readonly SlideMember[] | null,
  plan: DeidPlan,
): UploadSource {
  if (!plan.members) return patchedSource(uploadSource(file, members), plan);
  const overlays = new Map(plan.members.map((member) => [member.entryName, new PatchOverlay(member)]));
  return patchedSource(uploadSource(file, members, overlays), plan);
}

/**
 * Whether a plan was made for exactly this version: the size and mtime, and for a set every member sent (path,
 * size, mtime) — a member rewritten at the same size under an older mtime must not keep the old member's patches.
 */
export function planFitsJob(
  plan: DeidPlan,
  size: number,
  mtimeMs: number,
  members: readonly SlideMember[] | null,
): boolean {
  if (plan.size !== size || plan.mtimeMs !== mtimeMs) return false;
  if (!plan.members) return members === null;
  return (
    members !== null &&
    members.length === plan.members.length &&
    members.every((member, index) => {
      const planned = plan.members![index]!;
      return (
        planned.path === member.path &&
        planned.entryName === member.entryName &&
        planned.size === member.size &&
        planned.mtimeMs === member.mtimeMs
      );
    })
  );
}

/** The members a plan sends, as the job records them. */
export const plannedMembers = (plan: DeidPlan): SlideMember[] | undefined =>
  plan.members?.map(({ path, entryName, size, mtimeMs }) => ({ path, entryName, size, mtimeMs }));

/** The version recorded for the job: the one its bytes must come from. */
export function recordedVersion(row: JobRow): SourceVersion {
  const members = membersOf(row);
  return { size: row.size, mtimeMs: row.mtime_ms, ...(members ? { members } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
