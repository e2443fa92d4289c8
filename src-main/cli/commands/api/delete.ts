import type { Command } from 'commander';
import { UsageError } from '../../usage-error.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../exit-codes.js';
import { runParsed } from './run-parsed.js';

export function registerDeleteCommand(program: Command, run: RunWithContext): void {
  program
    .command('delete')
    .description('Delete an image with its file, results and logs. Needs --yes: there is no undo.')
    .argument('<image_unique_id>')
    .option('--yes', 'really delete it')
    .action((uid: string, options: { yes?: boolean }, command: Command) =>
      runParsed(
        run,
        command,
        () => {
          if (!options.yes) {
            throw new UsageError(
              `Nothing deleted: add --yes to delete image ${uid} with its file, results and logs permanently.`,
            );
          }
        },
        async (ctx) => {
          const result = await ctx.send('images.delete', { imageUniqueId: uid });
          ctx.out.result(`Image ${uid} deleted.`, {
            image_unique_id: uid,
            deleted: true,
            status: result.status,
          });
          return EXIT.ok;
        },
      ),
    );
}
