import { mkdir } from 'node:fs/promises';
import { writeFile } from 'atomically';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { annotationUploadFieldsSchema } from '../../../src-shared/api/index.js';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import type { SandboxContext } from '../context.js';
import { badRequest, notFound, parseOr400 } from '../http-errors.js';
import { readSmallForm } from '../multipart-form.js';

const MAX_XML_BYTES = 200 * 1024 * 1024;

export const uploadedAnnotationName = (uid: string): string => `${uid}_annotations.xml`;

export function registerAnnotationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/Annotations/upload', async (request) => {
    const form = await readSmallForm(request.raw, MAX_XML_BYTES);
    const fields = parseOr400(annotationUploadFieldsSchema, form.fields, 'annotation upload');
    const file = form.files['upload_file'];
    if (!file)
      throw badRequest('The form has no "upload_file" file field; attach the XML file as upload_file.');
    const row = ctx.images.byUniqueId(fields.fileid);
    if (!row) throw notFound(`Image ${fields.fileid} does not exist.`);
    if (row.id !== fields.imageid) {
      throw badRequest(
        `imageid ${fields.imageid} does not match image ${fields.fileid} (its id is ${row.id}).`,
      );
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(file.data);
    const validation = validateImageScopeXml(text);
    if (!validation.ok) throw badRequest(`${file.filename || 'The file'}: ${validation.message}`);

    const folder = path.join(ctx.rawDir, row.image_unique_id);
    await mkdir(folder, { recursive: true });
    const target = path.join(folder, uploadedAnnotationName(row.image_unique_id));
    // Atomic with a unique temp name: concurrent uploads for one image must not share a temp file.
    await writeFile(target, file.data);
    const { layers, regions } = validation.summary;
    const msg = `Annotation ${file.filename || 'file'} uploaded: ${regions} regions in ${layers} layers`;
    ctx.logs.add(row.image_unique_id, 'Annotation', `${msg} (by user ${fields.userid})`);
    return { success: true, msg };
  });
}
