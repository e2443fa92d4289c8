import path from 'node:path';
import type { Command } from 'commander';
import { examineQueue, restoreQueueBackup, type QueueFileHealth } from '../../engine/db/queue-doctor.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { defaultStateDir } from '../state-dir.js';

/** "queue.sqlite: 412 KB, 1,204 jobs (1,190 done, 14 queued), changed 2026-12-06 21:44" or what is wrong. */
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
function doctor(options: GlobalOptions & { restore?: boolean }): number {
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

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      "Check the upload queue's database and its backup (kept at every start and stop); --restore puts the backup back when the queue is damaged.",
    )
    .option('--restore', 'replace the queue with its last healthy backup (the old file is kept, renamed)')
    .action((options: { restore?: boolean }, command: Command) => {
      process.exitCode = doctor({ ...command.optsWithGlobals<GlobalOptions>(), ...options });
    });
}
