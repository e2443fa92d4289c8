import { messageResultSchema } from '../../src-shared/api/index.js';
import type { ApiHttp } from './http.js';

export interface AnnotationUpload {
  /** The XML text or bytes. */
  xml: string | Uint8Array;
  fileName: string;
  /** Numeric image id (`id`). */
  imageId: number;
  userId: number;
  /** The image's image_unique_id. */
  imageUniqueId: string;
}

/** POST /Annotations/upload (multipart form: upload_file, imageid, userid, fileid). */
export function uploadAnnotation(
  http: ApiHttp,
  upload: AnnotationUpload,
  opts: { signal?: AbortSignal | undefined } = {},
) {
  const form = new FormData();
  const bytes = typeof upload.xml === 'string' ? new TextEncoder().encode(upload.xml) : upload.xml;
  form.append('upload_file', new Blob([bytes], { type: 'application/xml' }), upload.fileName);
  form.append('imageid', String(upload.imageId));
  form.append('userid', String(upload.userId));
  form.append('fileid', upload.imageUniqueId);
  return http.json({
    method: 'POST',
    path: '/Annotations/upload',
    data: form,
    schema: messageResultSchema,
    signal: opts.signal,
  });
}
