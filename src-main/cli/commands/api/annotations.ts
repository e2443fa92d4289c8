import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { validateImageScopeXml } from '../../../../src-shared/annotations/imagescope.js';
import type { ImageScopeSummary } from '../../../../src-shared/annotations/imagescope.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../run-engine.js';
import { chooseDestination } from './destination.js';
import { findImage } from './find-image.js';

const describeSummary = (summary: ImageScopeSummary): string =>
  `${summary.regions} region${summary.regions === 1 ? '' : 's'} in ${summary.layers} layer${summary.layers === 1 ? '' : 's'}`;

async function readXmlFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file.`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a folder, not an XML file.`);
    throw error;
  }
}

/** Validates locally first: a file the server would refuse is reported without sending anything. */
async function importAnnotations(ctx: CliContext, uid: string, file: string): Promise<number> {
  const bytes = await readXmlFile(file);
  const validation = validateImageScopeXml(bytes.toString('utf8'));
  if (!validation.ok) {
    ctx.out.error(`${file}: ${validation.message}`);
    return EXIT.failed;
  }
  const image = await findImage(ctx, uid);
  const result = await ctx.api.uploadAnnotation({
    xml: bytes,
    fileName: path.basename(file),
    imageId: image.id,
    userId: ctx.userId,
    imageUniqueId: uid,
  });
  ctx.out.result(
    `Imported ${file} (${describeSummary(validation.summary)}) into image ${uid}${result?.msg ? `: ${result.msg}` : '.'}`,
    {
      file,
      image_unique_id: uid,
      image_id: image.id,
      summary: validation.summary,
      message: result?.msg ?? null,
    },
  );
  return EXIT.ok;
}

async function exportPrediction(ctx: CliContext, uid: string, options: { out?: string; force?: boolean }) {
  const destination = await chooseDestination(
    options.out,
    async () => `${uid}_complete_net_prediction.xml`,
    options.force === true,
  );
  const xml = await ctx.api.downloadPredictionXml(await findImage(ctx, uid));
  // Written beside the target and renamed, so a failure never leaves half a file under the final name.
  const partial = `${destination}.part`;
  try {
    await writeFile(partial, xml);
    await rename(partial, destination);
  } finally {
    await rm(partial, { force: true });
  }
  const validation = validateImageScopeXml(xml);
  if (!validation.ok)
    ctx.out.info(`Note: the server's XML does not look like ImageScope XML: ${validation.message}`);
  const contents = validation.ok ? ` (${describeSummary(validation.summary)})` : '';
  ctx.out.result(`Saved the prediction of image ${uid}${contents} to ${destination}`, {
    image_unique_id: uid,
    path: destination,
    bytes: Buffer.byteLength(xml),
    summary: validation.ok ? validation.summary : null,
  });
  return EXIT.ok;
}

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
      run(command, (ctx) => importAnnotations(ctx, uid, file)),
    );

  annotations
    .command('export')
    .description("Download the image's prediction result (<uid>_complete_net_prediction.xml).")
    .argument('<image_unique_id>')
    .option('--out <path>', 'file to write, or a folder (default: <uid>_complete_net_prediction.xml, here)')
    .option('--force', 'replace an existing file')
    .action((uid: string, options: { out?: string; force?: boolean }, command: Command) =>
      run(command, (ctx) => exportPrediction(ctx, uid, options)),
    );
}
