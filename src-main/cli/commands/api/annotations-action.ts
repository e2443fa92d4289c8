import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { validateImageScopeXml } from '../../../../src-shared/annotations/imagescope.js';
import type { ImageScopeSummary } from '../../../../src-shared/annotations/imagescope.js';
import type { CliContext } from '../../cli-context.js';
import { UsageError } from '../../usage-error.js';
import { EXIT } from '../../exit-codes.js';
import { chooseDestination } from './destination.js';

const describeSummary = (summary: ImageScopeSummary): string =>
  `${summary.regions} region${summary.regions === 1 ? '' : 's'} in ${summary.layers} layer${summary.layers === 1 ? '' : 's'}`;

async function readXmlFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file.`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a folder, not an XML file.`);
    throw error;
  }
}

/** The app checks the XML before sending it: a file the server would refuse is reported without sending anything. */
export async function importAnnotations(ctx: CliContext, uid: string, file: string): Promise<number> {
  const xml = await readXmlFile(file);
  const result = await ctx.send('annotations.import', { imageUniqueId: uid, fileName: file, xml });
  const said = result.serverMessage ? `: ${result.serverMessage}` : '.';
  ctx.out.result(`Imported ${file} (${describeSummary(result.summary)}) into image ${uid}${said}`, {
    file,
    image_unique_id: uid,
    image_id: result.imageId,
    summary: result.summary,
    message: result.serverMessage,
  });
  return EXIT.ok;
}

/** Written beside the target and renamed, so a failure never leaves half a file under the final name. */
async function writeWhole(destination: string, text: string): Promise<void> {
  const partial = `${destination}.part`;
  try {
    await writeFile(partial, text);
    await rename(partial, destination);
  } finally {
    await rm(partial, { force: true });
  }
}

export async function exportPrediction(
  ctx: CliContext,
  uid: string,
  options: { out?: string; force?: boolean },
) {
  const defaultName = `${uid}_complete_net_prediction.xml`;
  const { folder, fileName } = await chooseDestination(options.out, defaultName, options.force === true);
  const destination = path.join(folder, fileName ?? defaultName);
  const { xml } = await ctx.send('annotations.exportPrediction', { imageUniqueId: uid });
  await writeWhole(destination, xml);
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
