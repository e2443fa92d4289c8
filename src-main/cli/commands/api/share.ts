import type { Command } from 'commander';
import { UsageError } from '../../usage-error.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../exit-codes.js';
import { runParsed } from './run-parsed.js';
import { parseUserIds } from './user-ids.js';

interface ShareOptions {
  add?: string;
  remove?: string;
  set?: string;
}

/** Each option as the app's share action. */
const CHANGES = { add: 'adduser', remove: 'removeuser', set: 'updateuser' } as const;
type Change = keyof typeof CHANGES;

function parseShareChange(options: ShareOptions): { change: Change; ids: number[] } {
  const given = (Object.keys(CHANGES) as Change[]).filter((change) => options[change] !== undefined);
  const [change] = given;
  if (given.length !== 1 || change === undefined) {
    throw new UsageError(
      'Say how to change the sharing with exactly one of --add, --remove or --set (user ids separated by commas).',
    );
  }
  return { change, ids: parseUserIds(`--${change}`, options[change] ?? '') };
}

export function registerShareCommand(program: Command, run: RunWithContext): void {
  program
    .command('share')
    .description('Change which users an image is shared with; prints the users it is then shared with.')
    .argument('<image_unique_id>')
    .option('--add <ids>', 'share with these users too, e.g. 20,21')
    .option('--remove <ids>', 'stop sharing with these users')
    .option('--set <ids>', 'share with exactly these users')
    .action((uid: string, options: ShareOptions, command: Command) =>
      runParsed(
        run,
        command,
        () => parseShareChange(options),
        async (ctx, { change, ids }) => {
          const action = CHANGES[change];
          const image = await ctx.send('images.share', { imageUniqueId: uid, action, userIds: ids });
          // Imported here, at the command boundary: the API schemas are not needed for `--help`.
          const { parseSharedUserIds } = await import('../../../../src-shared/api/index.js');
          const shared = parseSharedUserIds(image.shared);
          const human =
            shared.length === 0
              ? `Image ${uid} is shared with nobody now.`
              : `Image ${uid} is shared with user${shared.length === 1 ? '' : 's'} ${shared.join(', ')}.`;
          ctx.out.result(human, { image_unique_id: uid, shared });
          return EXIT.ok;
        },
      ),
    );
}
