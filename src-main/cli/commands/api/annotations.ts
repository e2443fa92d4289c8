import { InvalidArgumentError, type Command } from 'commander';
import type { RunWithContext } from '../../parse-options.js';
import { registerAnnotationsConvertCommand } from './annotations-convert.js';

/** The XML checks, conversions and file handling, imported when an annotations command runs (not for `--help`). */
const actions = () => import('./annotations-action.js');

export type ExportFormat = 'xml' | 'geojson';

function exportFormat(value: string): ExportFormat {
  if (value === 'xml' || value === 'geojson') return value;
  throw new InvalidArgumentError('expected "xml" (ImageScope) or "geojson" (QuPath)');
}

export function registerAnnotationsCommands(program: Command, run: RunWithContext): void {
  const annotations = program
    .command('annotations')
    .description(
      'Move annotations in (import: ImageScope XML or QuPath GeoJSON) and prediction results out (export), or convert between the two formats.',
    );

  annotations
    .command('import')
    .description(
      'Check an ImageScope XML file (or convert a QuPath .geojson/.json file to it, printing what could not be carried), then upload it as annotations of the image.',
    )
    .argument('<image_unique_id>')
    .argument('<file>', 'an ImageScope .xml or a QuPath .geojson/.json file')
    .action((uid: string, file: string, _options: unknown, command: Command) =>
      run(command, async (ctx) => (await actions()).importAnnotations(ctx, uid, file)),
    );

  annotations
    .command('export')
    .description(
      "Download the image's prediction result (<uid>_complete_net_prediction.xml), as ImageScope XML or converted to QuPath GeoJSON.",
    )
    .argument('<image_unique_id>')
    .option('--out <path>', 'file to write, or a folder (default: <uid>_complete_net_prediction.xml, here)')
    .option(
      '--format <xml|geojson>',
      'xml: ImageScope XML as the server writes it; geojson: QuPath GeoJSON (default: by the --out extension, else xml)',
      exportFormat,
    )
    .option('--force', 'replace an existing file')
    .action(
      (uid: string, options: { out?: string; force?: boolean; format?: ExportFormat }, command: Command) =>
        run(command, async (ctx) => (await actions()).exportPrediction(ctx, uid, options)),
    );

  registerAnnotationsConvertCommand(annotations);
}
