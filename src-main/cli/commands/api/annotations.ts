import type { Command } from 'commander';
import type { RunWithContext } from '../../parse-options.js';

/** The XML checks and file handling, imported when an annotations command runs (not for `--help`). */
const actions = () => import('./annotations-action.js');

export function registerAnnotationsCommands(program: Command, run: RunWithContext): void {
  const annotations = program
    .command('annotations')
    .description('Move Aperio ImageScope XML annotations in (import) and prediction results out (export).');

  annotations
    .command('import')
    .description('Check an ImageScope XML file, then upload it as annotations of the image.')
    .argument('<image_unique_id>')
    .argument('<file.xml>')
    .action((uid: string, file: string, _options: unknown, command: Command) =>
      run(command, async (ctx) => (await actions()).importAnnotations(ctx, uid, file)),
    );

  annotations
    .command('export')
    .description("Download the image's prediction result (<uid>_complete_net_prediction.xml).")
    .argument('<image_unique_id>')
    .option('--out <path>', 'file to write, or a folder (default: <uid>_complete_net_prediction.xml, here)')
    .option('--force', 'replace an existing file')
    .action((uid: string, options: { out?: string; force?: boolean }, command: Command) =>
      run(command, async (ctx) => (await actions()).exportPrediction(ctx, uid, options)),
    );
}
