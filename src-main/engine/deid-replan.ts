import { describePlan, planDeidentification, planFromJson, planToJson } from '../slides/deid/index.js';
import type { SlideMember } from '../slides/types.js';
import type { JobRow } from './db/jobs-repo.js';
import type { JobStore } from './job-store.js';
import { JobFailure } from './job-failure.js';
import { membersOf, membersToJson, planFitsJob, plannedMembers } from './source/job-members.js';
import { slideZipLength } from './source/slide-zip.js';

/** Whether the job's recorded plan is for the version it now records (only then may its bytes be read). */
export function planIsCurrent(job: JobRow): boolean {
  if (job.deidentify !== 1) return true;
  if (job.deid_plan === null) return false;
  return planFitsJob(planFromJson(job.deid_plan), job.size, job.mtime_ms, membersOf(job));
}

/**
 * A de-identified job whose source changed is planned again before its new bytes count: the label of the new
 * version is found and removed, or the job fails with the reason — never uploaded with its label.
 */
export async function replanDeidentification(jobs: Pick<JobStore, 'record'>, job: JobRow): Promise<void> {
  const outcome = await planDeidentification(job.source_path, membersOf(job), slideZipLength);
  if (!outcome.ok) throw new JobFailure('deid-refused', outcome.reason, false);
  // A series whose members changed is sent as its new plan says (a member that became a label is left out): the
  // upload has started over already, because the version it recorded changed.
  const kept = plannedMembers(outcome.plan);
  if (kept && membersToJson(kept) !== job.members)
    Object.assign(
      job,
      jobs.record(job.id, {
        members: membersToJson(kept),
        size: outcome.plan.size,
        mtime_ms: outcome.plan.mtimeMs,
      }),
    );
  if (outcome.plan.size !== job.size || outcome.plan.mtimeMs !== job.mtime_ms)
    throw new JobFailure(
      'source-changed',
      `${job.file_name} changed again while its label removal was planned.`,
      true,
    );
  Object.assign(job, jobs.record(job.id, { deid_plan: planToJson(outcome.plan) }));
}

/** For the server log: what the upload left out. */
export const deidLogLine = (job: JobRow): string | undefined =>
  job.deidentify === 1 && job.deid_plan !== null
    ? `De-identified on upload: ${describePlan(planFromJson(job.deid_plan))} (the file on the scanner's computer is unchanged)`
    : undefined;

/**
 * What slide QC's members of a changed slide become in the job's record: all of them, or — de-identified — those
 * the new plan sends (a DICOM series' label and overview stay out), with that plan.
 */
export async function membersToRecord(
  job: JobRow,
  members: readonly SlideMember[],
): Promise<{ members: string; deid_plan?: string }> {
  if (job.deidentify !== 1) return { members: membersToJson(members) };
  const outcome = await planDeidentification(job.source_path, members, slideZipLength);
  if (!outcome.ok) throw new JobFailure('deid-refused', outcome.reason, false);
  return {
    members: membersToJson(plannedMembers(outcome.plan) ?? members),
    deid_plan: planToJson(outcome.plan),
  };
}
