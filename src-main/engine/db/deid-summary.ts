import { describePlan, planFromJson } from '../../slides/deid/plan.js';

/**
 * "label and macro removed, 5 identifying fields blanked", for a job's recorded plan. Parsing the plan needs zod,
 * so this is its own module: `queue` imports it only when a listed job has a plan.
 */
export function describeDeidPlan(planJson: string): string {
  try {
    return describePlan(planFromJson(planJson));
  } catch {
    return 'de-identification plan damaged';
  }
}
