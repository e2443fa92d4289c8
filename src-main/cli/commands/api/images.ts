import type { Command } from 'commander';
import type { RunWithContext } from '../../parse-options.js';
import type { ImagesOptions } from './images-action.js';

/** Only the command's words and options: listing is imported when it runs. */
export function registerImagesCommand(program: Command, run: RunWithContext): void {
  program
    .command('images')
    .description("List the images of the user (--user), or every user's image lists with --all.")
    .option('--all', "every user's image list (GET /Users/imagelist); the user column says whose list")
    .option('--search <text>', 'only images whose filename or image_unique_id contains the text')
    .option('--status <status>', 'only images with this status, e.g. Uploaded or "Prediction Completed"')
    .action((options: ImagesOptions, command: Command) =>
      run(command, async (ctx) => (await import('./images-action.js')).images(ctx, options)),
    );
}
