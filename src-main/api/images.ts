import {
  createdImageSchema,
  createImageRequestSchema,
  deleteResultSchema,
  imageActionResultSchema,
  imageListSchema,
  updateImageRequestSchema,
  updateImageResultSchema,
  usersWithImagesSchema,
  type CreateImageRequest,
  type UpdateImageRequest,
} from '../../src-shared/api/index.js';
import type { ApiHttp } from './http.js';

type Signal = { signal?: AbortSignal | undefined };

/** GET /Users/imagelist */
export const listUsersWithImages = (http: ApiHttp, opts: Signal = {}) =>
  http.json({ method: 'GET', path: '/Users/imagelist', schema: usersWithImagesSchema, signal: opts.signal });

/** GET /Images/userid/:id */
export const listImagesOfUser = (http: ApiHttp, userId: number, opts: Signal = {}) =>
  http.json({
    method: 'GET',
    path: `/Images/userid/${userId}`,
    schema: imageListSchema,
    signal: opts.signal,
  });

/** POST /Images — creates the record and returns the presigned POST in `response`. Never retried automatically. */
export const createImage = (http: ApiHttp, request: CreateImageRequest, opts: Signal = {}) =>
  http.json({
    method: 'POST',
    path: '/Images',
    data: createImageRequestSchema.parse(request),
    schema: createdImageSchema,
    signal: opts.signal,
  });

/** PUT /Images/:id — `id` is the numeric image id. Any 2xx answer is success (the document gives none). */
export const updateImage = (http: ApiHttp, id: number, patch: UpdateImageRequest, opts: Signal = {}) =>
  http.json({
    method: 'PUT',
    path: `/Images/${id}`,
    data: updateImageRequestSchema.parse(patch),
    schema: updateImageResultSchema,
    signal: opts.signal,
  });

/** DELETE /Images/:image_unique_id */
export const deleteImage = (http: ApiHttp, imageUniqueId: string, opts: Signal = {}) =>
  http.json({
    method: 'DELETE',
    path: `/Images/${encodeURIComponent(imageUniqueId)}`,
    schema: deleteResultSchema,
    signal: opts.signal,
  });

/** GET /Images/startpredict/:image_unique_id */
export const startPrediction = (http: ApiHttp, imageUniqueId: string, opts: Signal = {}) =>
  http.json({
    method: 'GET',
    path: `/Images/startpredict/${encodeURIComponent(imageUniqueId)}`,
    schema: imageActionResultSchema,
    signal: opts.signal,
  });

/** GET /Images/stoppredict/:image_unique_id */
export const stopPrediction = (http: ApiHttp, imageUniqueId: string, opts: Signal = {}) =>
  http.json({
    method: 'GET',
    path: `/Images/stoppredict/${encodeURIComponent(imageUniqueId)}`,
    schema: imageActionResultSchema,
    signal: opts.signal,
  });
