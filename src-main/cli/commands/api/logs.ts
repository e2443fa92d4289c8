import type { Command } from 'commander';
import type { LogEntry } from '../../../../src-shared/api/index.js';
import type { RunWithContext } from '../../parse-options.js';
import type { LogsOptions } from './logs-action.js';

export const FOLLOW_POLL_MS = 2000;

/** Only the command's words and options: reading logs is imported when it runs. */
export function registerLogsCommand(program: Command, run: RunWithContext): void {
  program
    .command('logs')
    .description('Show the server log of one image, or of all images.')
    .argument('[image_unique_id]', 'only this image')
    .option('--type <type>', 'only entries of this type, e.g. Tiling, Prediction, Annotation')
    .option('--follow', `keep polling (every ${FOLLOW_POLL_MS / 1000} s) and print new entries until Ctrl-C`)
    .action((uid: string | undefined, options: LogsOptions, command: Command) =>
      run(command, async (ctx) => {
        const { followLogs, showLogs } = await import('./logs-action.js');
        const type = options.type?.toLowerCase();
        const wanted = (entry: LogEntry) => type === undefined || entry.type.toLowerCase() === type;
        return options.follow ? followLogs(ctx, uid, wanted) : showLogs(ctx, uid, wanted);
      }),
    );
}
