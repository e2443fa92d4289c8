import { describePlan, planDeidentification, planFromJson, planToJson } from '../slides/deid/index.js';
import type { JobRow } from './db/jobs-repo.js';
import type { JobStore } from './job-store.js';
import { JobFailure } from './job-failure.js';
import { membersOf } from './source/job-members.js';

/** Whether the job's recorded plan is for the version it now records (only then may its bytes be read). */
export function planIsCurrent(job: JobRow): boolean {
  if (job.deidentify !== 1) return true;
  if (job.deid_plan === null) return false;
  const plan = planFromJson(job.deid_plan);
  return plan.size === job.size && plan.mtimeMs === job.mtime_ms;
}

/**
 * A de-identified job whose source changed is planned again before its new bytes count: the label of the new
 * version is found and removed, or the job fails with the reason — never uploaded with its label.
 */
export async function replanDeidentification(jobs: Pick<JobStore, 'record'>, job: JobRow): Promise<void> {
  const outcome = await planDeidentification(job.source_path, membersOf(job));
  if (!outcome.ok) throw new JobFailure('deid-refused', outcome.reason, false);
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
