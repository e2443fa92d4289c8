import type { ShareAction } from '../../src-shared/api/index.js';
import type { AnnotationUpload } from './annotations.js';
import type * as EndpointModule from './endpoints.js';
import type { ApiClientConfig, ApiHttp } from './http.js';

type Endpoints = typeof EndpointModule;

/** The endpoint functions that take the transport first. */
type HttpEndpoint = {
  [N in keyof Endpoints]: Endpoints[N] extends (http: ApiHttp, ...args: never[]) => Promise<unknown>
    ? N
    : never;
}[keyof Endpoints];
type Rest<F> = F extends (http: ApiHttp, ...args: infer A) => infer R ? (...args: A) => R : never;
/** Functions that need no transport (uploads straight to storage by a signed URL). */
type Direct = 'postFileToStorage' | 'uploadPart';

/**
 * One function per endpoint of the PathomIQ API (and of the S3 multipart extension), bound to one server. The HTTP
 * stack (axios and the endpoint modules) is imported on the first call, not when the client is made: the app makes
 * a client for every connection, also for commands that only read the local queue.
 */
export function createApiClient(config: ApiClientConfig) {
  let loading: Promise<{ http: ApiHttp; endpoints: Endpoints }> | undefined;
  const load = () =>
    (loading ??= import('./endpoints.js').then((endpoints) => ({
      http: endpoints.createApiHttp(config),
      endpoints,
    })));
  const bind = <N extends HttpEndpoint>(name: N): Rest<Endpoints[N]> =>
    (async (...args: never[]) => {
      const { http, endpoints } = await load();
      return (endpoints[name] as (http: ApiHttp, ...rest: never[]) => unknown)(http, ...args);
    }) as Rest<Endpoints[N]>;
  const direct = <N extends Direct>(name: N): Endpoints[N] =>
    (async (...args: never[]) => {
      const { endpoints } = await load();
      return (endpoints[name] as (...rest: never[]) => unknown)(...args);
    }) as Endpoints[N];
  const shareImage = bind('shareImage');
  const uploadAnnotation = bind('uploadAnnotation');
  return {
    /** e.g. http://127.0.0.1:4010 (as given, without a trailing slash). */
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    listUsersWithImages: bind('listUsersWithImages'),
    listImagesOfUser: bind('listImagesOfUser'),
    createImage: bind('createImage'),
    updateImage: bind('updateImage'),
    deleteImage: bind('deleteImage'),
    startPrediction: bind('startPrediction'),
    stopPrediction: bind('stopPrediction'),
    shareImage,
    addUsers: (imageid: string, userid: number[]) =>
      shareImage('adduser' satisfies ShareAction, { imageid, userid }),
    removeUsers: (imageid: string, userid: number[]) => shareImage('removeuser', { imageid, userid }),
    setUsers: (imageid: string, userid: number[]) => shareImage('updateuser', { imageid, userid }),
    listLogs: bind('listLogs'),
    addLog: bind('addLog'),
    uploadAnnotation: (upload: AnnotationUpload, opts?: { signal?: AbortSignal }) =>
      uploadAnnotation(upload, opts),
    openImageDownload: bind('openImageDownload'),
    downloadImageToFile: bind('downloadImageToFile'),
    downloadPredictionXml: bind('downloadPredictionXml'),
    uploadByPresignedPost: direct('postFileToStorage'),
    getMultipartCapabilities: bind('getMultipartCapabilities'),
    createMultipartUpload: bind('createMultipartUpload'),
    signPart: bind('signPart'),
    signParts: bind('signParts'),
    listParts: bind('listParts'),
    completeMultipartUpload: bind('completeMultipartUpload'),
    abortMultipartUpload: bind('abortMultipartUpload'),
    uploadPart: direct('uploadPart'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
