import path from 'node:path';
import { validateImageScopeXml } from '../../../../src-shared/annotations/imagescope.js';
import type { ImageScopeSummary } from '../../../../src-shared/annotations/imagescope.js';
import type { CliContext } from '../../cli-context.js';
import type { ExportFormat } from './annotations.js';
import { EXIT } from '../../exit-codes.js';
import { readAnnotationFile } from './annotations-convert.js';
import { chooseDestination } from './destination.js';
import { writeWhole } from './write-whole.js';

const describeSummary = (summary: ImageScopeSummary): string =>
  `${summary.regions} region${summary.regions === 1 ? '' : 's'} in ${summary.layers} layer${summary.layers === 1 ? '' : 's'}`;

/**
 * The app checks the file before sending it (and converts QuPath GeoJSON to ImageScope XML): a file the server
 * would refuse is reported without sending anything.
 */
export async function importAnnotations(ctx: CliContext, uid: string, file: string): Promise<number> {
  const xml = await readAnnotationFile(file);
  const result = await ctx.send('annotations.import', { imageUniqueId: uid, fileName: file, xml });
  for (const warning of result.warnings) ctx.out.info(`Note: ${warning}`);
  const said = result.serverMessage ? `: ${result.serverMessage}` : '.';
  // A converted GeoJSON file goes to the server under its .xml name.
  const converted = result.uploadedAs === path.basename(file) ? '' : `, sent as ${result.uploadedAs}`;
  ctx.out.result(
    `Imported ${file} (${describeSummary(result.summary)}${converted}) into image ${uid}${said}`,
    {
      file,
      image_unique_id: uid,
      image_id: result.imageId,
      summary: result.summary,
      message: result.serverMessage,
      uploaded_as: result.uploadedAs,
      warnings: result.warnings,
    },
  );
  return EXIT.ok;
}

/** --format, else the extension of --out, else ImageScope XML as the server writes it. */
function chosenFormat(options: { out?: string; format?: ExportFormat }): ExportFormat {
  if (options.format) return options.format;
  return /\.(?:geo)?json$/i.test(options.out ?? '') ? 'geojson' : 'xml';
}

export async function exportPrediction(
  ctx: CliContext,
  uid: string,
  options: { out?: string; force?: boolean; format?: ExportFormat },
) {
  const format = chosenFormat(options);
  const defaultName = `${uid}_complete_net_prediction.${format}`;
  const { folder, fileName } = await chooseDestination(options.out, defaultName, options.force === true);
  const destination = path.join(folder, fileName ?? defaultName);
  const exported = await ctx.send('annotations.exportPrediction', {
    imageUniqueId: uid,
    format: format === 'geojson' ? 'geojson' : 'imagescope',
  });
  const text = exported.geojson ?? exported.xml;
  await writeWhole(destination, text);
  const validation = validateImageScopeXml(exported.xml);
  if (!validation.ok)
    ctx.out.info(`Note: the server's XML does not look like ImageScope XML: ${validation.message}`);
  for (const warning of exported.warnings) ctx.out.info(`Note: ${warning}`);
  const contents = validation.ok ? ` (${describeSummary(validation.summary)})` : '';
  const as = format === 'geojson' ? ' as QuPath GeoJSON' : '';
  ctx.out.result(`Saved the prediction of image ${uid}${contents}${as} to ${destination}`, {
    image_unique_id: uid,
    path: destination,
    format,
    bytes: Buffer.byteLength(text),
    summary: validation.ok ? validation.summary : null,
    warnings: exported.warnings,
  });
  return EXIT.ok;
}
