import type { JobView } from '../../../src-shared/engine/index.js';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { notify } from '../../stores/notifications-store.js';
import { plural } from '../../ui/index.js';

/**
 * "Send to … instead" for one held row. The row itself shows the outcome (it turns into "Waiting" and uploads);
 * only a job that was no longer held by the time the command arrived needs saying.
 */
export async function sendJobHere(job: JobView, current: string): Promise<void> {
  const result = await runAction(`Could not send ${job.fileName} to ${current}`, () =>
    appClient.send('queue.retarget', { target: job.id }),
  );
  if (result && result.moved === 0)
    notify({
      level: 'warning',
      title: `${job.fileName} was not sent to ${current}`,
      body: 'It was no longer held: it may have finished or been cancelled meanwhile.',
    });
}

/** "Send all held jobs here", once confirmed: `targets` from destination-text.ts `sendAllTargets`. */
export async function sendAllHere(targets: 'all' | number[], current: string): Promise<void> {
  let moved = 0;
  const ids = targets === 'all' ? (['all'] as const) : targets;
  for (const target of ids) {
    const result = await runAction(`Could not send the held jobs to ${current}`, () =>
      appClient.send('queue.retarget', { target }),
    );
    // One refusal (e.g. the server setting changed meanwhile) would refuse the rest too: stop at the first.
    if (!result) break;
    moved += result.moved;
  }
  if (moved > 0)
    notify({ level: 'info', title: `Sent ${plural(moved, 'held job')} to ${current}`, body: '' });
}

/** "Forget this upload…", once confirmed; true when the uploader forgot it. */
export async function forgetUpload(job: JobView): Promise<boolean> {
  // The command answers nothing (undefined), as runAction does on failure: answer `true` to tell them apart.
  const done = await runAction(`Could not forget ${job.fileName}`, async () => {
    await appClient.send('queue.forget', { jobId: job.id });
    return true;
  });
  return done === true;
}
