import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { AnnotationFormat } from '../../../../src-shared/annotations/annotation-formats.js';
import { UsageError } from '../../usage-error.js';
import { createOutput, type Output } from '../../output.js';
import { EXIT } from '../../exit-codes.js';
import { chooseDestination } from './destination.js';
import { writeWhole } from './write-whole.js';

const FORMAT_NAMES: Record<AnnotationFormat, string> = {
  imagescope: 'ImageScope XML',
  geojson: 'QuPath GeoJSON',
};

const USE_EXTENSIONS = 'use .xml for ImageScope XML and .geojson or .json for QuPath GeoJSON';

/**
 * `annotations convert <in> <out>`: ImageScope XML ⇄ QuPath GeoJSON on this computer. It needs no server, user
 * or queue, so no app (and no embedded sandbox) is opened; the converter is loaded only when the command runs.
 */
export function registerAnnotationsConvertCommand(annotations: Command): void {
  annotations
    .command('convert')
    .description(
      'Convert annotations between ImageScope XML (.xml) and QuPath GeoJSON (.geojson/.json), by extension, on this computer. Prints what the other format cannot carry. Exit 0 converted, 1 the input could not be read or converted, 2 usage.',
    )
    .argument('<in>', 'the file to convert')
    .argument('<out>', 'the file to write (its extension chooses the format)')
    .option('--force', 'replace an existing file')
    .action(async (input: string, output: string, options: { force?: boolean }, command: Command) => {
      const out = createOutput(command.optsWithGlobals<{ json?: boolean }>().json === true);
      process.exitCode = await runConversion(out, input, output, options.force === true);
    });
}

async function runConversion(out: Output, input: string, output: string, force: boolean): Promise<number> {
  try {
    return await convertFile(out, input, output, force);
  } catch (error) {
    out.error(error instanceof Error ? error.message : String(error));
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

async function convertFile(out: Output, input: string, output: string, force: boolean): Promise<number> {
  const { annotationFormatOfFileName, convertAnnotations } =
    await import('../../../../src-shared/annotations/annotation-formats.js');
  const from = annotationFormatOfFileName(input);
  const to = annotationFormatOfFileName(output);
  if (from === null)
    throw new UsageError(`Cannot tell the format of ${input} from its name: ${USE_EXTENSIONS}.`);
  if (to === null) throw new UsageError(`Cannot tell which format to write to ${output}: ${USE_EXTENSIONS}.`);
  if (from === to)
    throw new UsageError(
      `${input} and ${output} are both ${FORMAT_NAMES[from]}: there is nothing to convert.`,
    );
  const { folder, fileName } = await chooseDestination(output, path.basename(output), force);
  const destination = path.join(folder, fileName ?? path.basename(output));
  const text = await readAnnotationFile(input);
  const converted = convertAnnotations(text, from);
  if (!converted.ok) {
    out.error(`${input}: ${converted.message}`);
    return EXIT.failed;
  }
  await writeWhole(destination, converted.text);
  for (const warning of converted.warnings) out.info(`Note: ${warning}`);
  const regions = `${converted.regions} region${converted.regions === 1 ? '' : 's'} in ${converted.layers} layer${converted.layers === 1 ? '' : 's'}`;
  out.result(
    `Converted ${input} (${FORMAT_NAMES[from]}, ${regions}) to ${FORMAT_NAMES[to]}: ${destination}`,
    {
      input,
      output: destination,
      from,
      to,
      layers: converted.layers,
      regions: converted.regions,
      warnings: converted.warnings,
    },
  );
  return EXIT.ok;
}

export async function readAnnotationFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file.`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a folder, not an annotation file.`);
    throw error;
  }
}
