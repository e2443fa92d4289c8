import path from 'node:path';
import type { Command } from 'commander';
import {
  examineQueue,
  restoreQueueBackup,
  setQueueAside,
  type QueueFileHealth,
} from '../../engine/db/queue-doctor.js';
import type { RunWithContext } from '../parse-options.js';
import { rebuildHistory } from '../rebuild-history.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { defaultStateDir } from '../state-dir.js';

/** "queue.sqlite: healthy, 1,204 job(s) (1,190 done, 14 queued), changed 2026-12-06 21:44" or what is wrong. */
function describe(health: QueueFileHealth): string {
  const name = path.basename(health.file);
  if (!health.exists) return `${name}: not there`;
  const changed = health.modifiedAt === null ? '' : `, changed ${new Date(health.modifiedAt).toISOString()}`;
  if (health.damage) return `${name}: DAMAGED (${health.damage}), ${health.bytes} bytes${changed}`;
  const jobs = Object.entries(health.jobs ?? {});
  const total = jobs.reduce((sum, [, n]) => sum + n, 0);
  const byState = jobs.map(([state, n]) => `${n} ${state}`).join(', ');
  return `${name}: healthy, ${total} job(s)${byState ? ` (${byState})` : ''}, ${health.bytes} bytes${changed}`;
}

/**
 * `doctor [--restore]`: looks at the queue and its backup without opening the queue for work (a damaged queue is
 * never opened over); with --restore, puts the last healthy copy back, keeping the damaged file beside it.
 */
export function doctor(options: GlobalOptions & { restore?: boolean }): number {
  const out = createOutput(options.json === true);
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  const health = examineQueue(stateDir);
  out.result(describe(health.queue), { queue: health.queue });
  out.result(describe(health.backup), { backup: health.backup });
  if (!options.restore) {
    if (health.queue.damage && health.backup.exists && !health.backup.damage)
      out.info('Add --restore to put the backup back (the damaged file is kept beside it).');
    return health.queue.damage ? EXIT.failed : EXIT.ok;
  }
  try {
    const { keptAs, restored } = restoreQueueBackup(stateDir);
    out.result(
      `Restored the queue from its backup${keptAs ? `; the previous file is kept as ${path.basename(keptAs)}` : ''}. ${describe(restored)}`,
      { restored, keptAs },
    );
    return EXIT.ok;
  } catch (error) {
    out.error(`Nothing restored: ${(error as Error).message}`);
    return EXIT.failed;
  }
}

/**
 * `doctor --rebuild <folders…>`: the queue is damaged (or gone) and no backup can mend it. It is set aside, and
 * the memory of uploads is rebuilt from the server's uploads matched against the files in the folders.
 */
export async function rebuild(
  run: RunWithContext,
  command: Command,
  options: GlobalOptions,
  folders: readonly string[],
): Promise<void> {
  const out = createOutput(options.json === true);
  if (folders.length === 0) {
    out.error('Name the folders that hold the slides uploaded before: doctor --rebuild <folders…>');
    process.exitCode = EXIT.usage;
    return;
  }
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  const { queue, backup } = examineQueue(stateDir);
  if (queue.exists && !queue.damage) {
    out.error('The queue is healthy: nothing to rebuild (doctor shows what it holds).');
    process.exitCode = EXIT.failed;
    return;
  }
  if (backup.exists && !backup.damage) {
    out.error('The queue has a healthy backup: restore that instead (doctor --restore); it knows more.');
    process.exitCode = EXIT.failed;
    return;
  }
  const keptAs = setQueueAside(stateDir);
  if (keptAs) out.info(`The damaged queue is kept as ${path.basename(keptAs)}; a new one is started.`);
  await run(command, async (ctx) => {
    const rebuilt = await rebuildHistory(ctx, folders);
    ctx.out.result(
      `Remembered ${rebuilt.remembered.length} of ${rebuilt.slidesRead} slide(s) as uploaded to ${ctx.serverLabel} ` +
        `(the server holds ${rebuilt.serverUploads} upload(s) of this user with a recorded SHA-256); adding them again says "already uploaded".`,
      rebuilt,
    );
    return EXIT.ok;
  });
}
