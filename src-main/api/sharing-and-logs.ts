import {
  addLogRequestSchema,
  imageActionResultSchema,
  logListSchema,
  messageResultSchema,
  shareRequestSchema,
  type AddLogRequest,
  type ShareAction,
  type ShareRequest,
} from '../../src-shared/api/index.js';
import type { ApiHttp } from './http.js';

type Signal = { signal?: AbortSignal | undefined };

/** POST /Images/adduser | removeuser | updateuser */
export const shareImage = (http: ApiHttp, action: ShareAction, request: ShareRequest, opts: Signal = {}) =>
  http.json({
    method: 'POST',
    path: `/Images/${action}`,
    data: shareRequestSchema.parse(request),
    schema: imageActionResultSchema,
    signal: opts.signal,
  });

/** GET /LogInfo, or GET /LogInfo/:image_unique_id for one image. */
export const listLogs = (http: ApiHttp, imageUniqueId?: string, opts: Signal = {}) =>
  http.json({
    method: 'GET',
    path: imageUniqueId === undefined ? '/LogInfo' : `/LogInfo/${encodeURIComponent(imageUniqueId)}`,
    schema: logListSchema,
    signal: opts.signal,
  });

/** POST /LogInfo */
export const addLog = (http: ApiHttp, entry: AddLogRequest, opts: Signal = {}) =>
  http.json({
    method: 'POST',
    path: '/LogInfo',
    data: addLogRequestSchema.parse(entry),
    schema: messageResultSchema,
    signal: opts.signal,
  });
