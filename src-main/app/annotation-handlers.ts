import path from 'node:path';
import { validateImageScopeXml, type ImageScopeSummary } from '../../src-shared/annotations/imagescope.js';
import { AppCommandError, type AppHandlers } from '../../src-shared/app/index.js';
import type { AppContext } from './app-context.js';
import { findImage } from './find-image.js';

type AnnotationCommand = 'annotations.import' | 'annotations.exportPrediction';

const describeSummary = (summary: ImageScopeSummary): string =>
  `${summary.regions} region${summary.regions === 1 ? '' : 's'} in ${summary.layers} layer${summary.layers === 1 ? '' : 's'}`;

/** "slide.svs" → "slide_prediction.xml" */
const predictionFileName = (imageFileName: string, fallback: string): string => {
  const base = path.basename(imageFileName.replace(/\\/g, '/')) || fallback;
  const extension = path.extname(base);
  return `${extension ? base.slice(0, -extension.length) : base}_prediction.xml`;
};

export function annotationHandlers(ctx: AppContext): Pick<AppHandlers, AnnotationCommand> {
  return {
    // Checked here first: a file the server would refuse is reported without sending anything.
    'annotations.import': async ({ imageUniqueId, fileName, xml }) => {
      const validation = validateImageScopeXml(xml);
      if (!validation.ok) throw new AppCommandError(`${fileName}: ${validation.message}`);
      const { api, ...connection } = await ctx.server();
      const userId = ctx.userOf(connection);
      const image = await findImage(api, userId, imageUniqueId);
      const result = await api.uploadAnnotation({
        xml,
        fileName: path.basename(fileName.replace(/\\/g, '/')),
        imageId: image.id,
        userId,
        imageUniqueId,
      });
      return {
        summary: validation.summary,
        imageId: image.id,
        serverMessage: result?.msg ?? null,
        message: `Imported ${fileName} (${describeSummary(validation.summary)}) into ${image.filename}${result?.msg ? `: ${result.msg}` : '.'}`,
      };
    },
    'annotations.exportPrediction': async ({ imageUniqueId }) => {
      const { api, userId } = await ctx.server();
      const image = await findImage(api, userId, imageUniqueId);
      const xml = await api.downloadPredictionXml(image);
      return { fileName: predictionFileName(image.filename, imageUniqueId), xml };
    },
  };
}
