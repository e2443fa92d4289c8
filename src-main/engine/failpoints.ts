/**
 * Named crash points for the crash tests: with PATHOMIQ_FAILPOINT=<name>[:<n>] the process SIGKILLs itself the
 * n-th time (default first) it reaches that point — exactly what a power cut or `kill -9` does. Unset in normal
 * runs, where this costs one lookup.
 */
export type FailpointName =
  | 'before-create-image'
  | 'after-create-image'
  | 'after-part-stored'
  | 'after-part'
  | 'before-complete'
  | 'after-complete'
  | 'before-put-uploaded'
  | 'after-post-upload';

const spec = process.env['PATHOMIQ_FAILPOINT'];
const [targetName, targetCount] = spec ? spec.split(':') : [];
let hits = 0;

export function failpoint(name: FailpointName): void {
  if (name !== targetName) return;
  hits += 1;
  if (hits >= Number(targetCount ?? 1)) process.kill(process.pid, 'SIGKILL');
}
