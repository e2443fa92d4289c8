import { InvalidArgumentError, type Command } from 'commander';
import type { AfterUploadAction } from '../../../src-shared/watcher/index.js';
import { addMetadataOptions, type MetadataOptions } from '../metadata-options.js';
import { positiveInt, type RunWithContext } from '../parse-options.js';

export interface WatchOptions extends MetadataOptions {
  stableSeconds?: number;
  poll?: boolean;
  depth?: number;
  after?: { action: AfterUploadAction; subdir: string | null };
  save?: boolean;
  deidentify?: boolean;
}

/** --after leave | delete | move:<subdir> */
export function parseAfter(value: string): { action: AfterUploadAction; subdir: string | null } {
  if (value === 'leave' || value === 'delete') return { action: value, subdir: null };
  const move = /^move(?::(.+))?$/.exec(value);
  if (move) return { action: 'move', subdir: move[1] ?? 'uploaded' };
  throw new InvalidArgumentError('use leave, delete, or move:<subfolder>');
}

/** Only the command's words and options: the watcher is imported when it runs. */
export function registerWatchCommand(program: Command, run: RunWithContext): void {
  const command = program
    .command('watch')
    .description(
      'Watch scanner output folders and upload every new slide once it is completely written. Runs until stopped.',
    )
    .argument('<dirs...>', 'folders to watch');
  addMetadataOptions(command, 'slides found here')
    .option('--stable-seconds <n>', 'a file is ready when unchanged this long (default 10)', Number)
    .option('--poll', 'poll instead of native file events (network shares are polled automatically)')
    .option('--depth <n>', 'subfolder levels to watch (default: all)', positiveInt)
    .option('--after <action>', 'after a verified upload: leave, delete, or move:<subfolder>', parseAfter)
    .option('--save', 'remember these folders in the state dir (then `run --watch` watches them)')
    .option(
      '--deidentify',
      'upload de-identified: label and macro images removed, identifying metadata blanked; slides whose label cannot be removed are refused',
    )
    .action((dirs: string[], options: WatchOptions, command: Command) =>
      run(command, async (ctx) => (await import('./watch-action.js')).watchFolders(ctx, dirs, options)),
    );
}
