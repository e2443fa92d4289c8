/**
 * The server reports processing steps as free text ("Pending", "In Progress", "Completed" in the API document and
 * the sandbox). Real servers may say "Failed" or "Processing"; this folds the wording into a few states.
 */
export type StepState = 'none' | 'pending' | 'running' | 'done' | 'failed' | 'other';

export function stepState(value: string | null | undefined): StepState {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return 'none';
  if (/fail|error|abort/.test(text)) return 'failed';
  if (/complete|done|success|finish/.test(text)) return 'done';
  if (/progress|running|processing|started/.test(text)) return 'running';
  if (/pending|queued|waiting|not started/.test(text)) return 'pending';
  return 'other';
}
