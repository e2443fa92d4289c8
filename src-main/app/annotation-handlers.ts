import path from 'node:path';
import {
  detectAnnotationFormat,
  geoJsonToImageScope,
  imageScopeToGeoJson,
  withAnnotationExtension,
} from '../../src-shared/annotations/annotation-formats.js';
import { validateImageScopeXml, type ImageScopeSummary } from '../../src-shared/annotations/imagescope.js';
import { AppCommandError, type AppHandlers } from '../../src-shared/app/index.js';
import type { AppContext } from './app-context.js';
import { findImage } from './find-image.js';
import { isApiError } from '../api/api-error.js';

type AnnotationCommand = 'annotations.import' | 'annotations.exportPrediction';

const describeSummary = (summary: ImageScopeSummary): string =>
  `${summary.regions} region${summary.regions === 1 ? '' : 's'} in ${summary.layers} layer${summary.layers === 1 ? '' : 's'}`;

/** "slide.svs" → "slide_prediction.xml" (or .geojson) */
const predictionFileName = (imageFileName: string, fallback: string, extension: string): string => {
  const base = path.basename(imageFileName.replace(/\\/g, '/')) || fallback;
  const own = path.extname(base);
  return `${own ? base.slice(0, -own.length) : base}_prediction${extension}`;
};

const baseName = (fileName: string): string => path.basename(fileName.replace(/\\/g, '/'));

/** The ImageScope XML to send: the file itself, or its conversion from QuPath GeoJSON with what was lost. */
function imageScopeTextOf(fileName: string, text: string, geojson: boolean) {
  if (!geojson) return { xml: text, warnings: [], uploadedAs: baseName(fileName) };
  const converted = geoJsonToImageScope(text);
  if (!converted.ok) throw new AppCommandError(`${fileName}: ${converted.message}`);
  return {
    xml: converted.text,
    warnings: converted.warnings,
    uploadedAs: withAnnotationExtension(baseName(fileName), 'imagescope'),
  };
}

export function annotationHandlers(ctx: AppContext): Pick<AppHandlers, AnnotationCommand> {
  return {
    // Checked (and converted) here first: a file the server would refuse is reported without sending anything.
    'annotations.import': async ({ imageUniqueId, fileName, xml: text, format }) => {
      const geojson = (format ?? detectAnnotationFormat(fileName, text)) === 'geojson';
      const { xml, warnings, uploadedAs } = imageScopeTextOf(fileName, text, geojson);
      const validation = validateImageScopeXml(xml);
      if (!validation.ok) throw new AppCommandError(`${fileName}: ${validation.message}`);
      const { api, ...connection } = await ctx.server();
      const userId = ctx.userOf(connection);
      const image = await findImage(api, userId, imageUniqueId);
      const result = await api.uploadAnnotation({
        xml,
        fileName: uploadedAs,
        imageId: image.id,
        userId,
        imageUniqueId,
      });
      const converted = geojson ? `, converted from QuPath GeoJSON to ${uploadedAs}` : '';
      return {
        summary: validation.summary,
        imageId: image.id,
        serverMessage: result?.msg ?? null,
        warnings,
        uploadedAs,
        message: `Imported ${fileName} (${describeSummary(validation.summary)}${converted}) into ${image.filename}${result?.msg ? `: ${result.msg}` : '.'}`,
      };
    },
    'annotations.exportPrediction': async ({ imageUniqueId, format }) => {
      const { api, userId } = await ctx.server();
      const image = await findImage(api, userId, imageUniqueId);
      const xml = await api.downloadPredictionXml(image).catch((error: unknown) => {
        // Said about this image, with what to do: the server's "does not exist (yet)" stays the detail.
        if (isApiError(error) && error.kind === 'not-ready')
          throw new AppCommandError(
            `${image.filename} (image ${imageUniqueId}) has no prediction result yet. Start a prediction, or wait until it completes, then export again.`,
          );
        throw error;
      });
      if (format !== 'geojson')
        return {
          fileName: predictionFileName(image.filename, imageUniqueId, '.xml'),
          xml,
          geojson: null,
          warnings: [],
        };
      const converted = imageScopeToGeoJson(xml);
      if (!converted.ok)
        throw new AppCommandError(
          `The prediction of ${image.filename} could not be converted to GeoJSON: ${converted.message} Export it as ImageScope XML instead.`,
        );
      return {
        fileName: predictionFileName(image.filename, imageUniqueId, '.geojson'),
        xml,
        geojson: converted.text,
        warnings: converted.warnings,
      };
    },
  };
}
