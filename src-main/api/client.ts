import type { ShareAction } from '../../src-shared/api/index.js';
import { uploadAnnotation, type AnnotationUpload } from './annotations.js';
import { downloadImageToFile, downloadPredictionXml, openImageDownload } from './downloads.js';
import { createApiHttp, type ApiClientConfig, type ApiHttp } from './http.js';
import * as images from './images.js';
import * as multipart from './multipart.js';
import { postFileToStorage } from './presigned-post.js';
import { addLog, listLogs, shareImage } from './sharing-and-logs.js';

type Rest<F> = F extends (http: ApiHttp, ...args: infer A) => infer R ? (...args: A) => R : never;
const bind = <F extends (http: ApiHttp, ...args: never[]) => unknown>(http: ApiHttp, fn: F): Rest<F> =>
  ((...args: never[]) => fn(http, ...args)) as Rest<F>;

/** One function per endpoint of the PathomIQ API (and of the S3 multipart extension), bound to one server. */
export function createApiClient(config: ApiClientConfig) {
  const http = createApiHttp(config);
  return {
    baseUrl: http.baseUrl,
    listUsersWithImages: bind(http, images.listUsersWithImages),
    listImagesOfUser: bind(http, images.listImagesOfUser),
    createImage: bind(http, images.createImage),
    updateImage: bind(http, images.updateImage),
    deleteImage: bind(http, images.deleteImage),
    startPrediction: bind(http, images.startPrediction),
    stopPrediction: bind(http, images.stopPrediction),
    shareImage: bind(http, shareImage),
    addUsers: (imageid: string, userid: number[]) =>
      shareImage(http, 'adduser' satisfies ShareAction, { imageid, userid }),
    removeUsers: (imageid: string, userid: number[]) => shareImage(http, 'removeuser', { imageid, userid }),
    setUsers: (imageid: string, userid: number[]) => shareImage(http, 'updateuser', { imageid, userid }),
    listLogs: bind(http, listLogs),
    addLog: bind(http, addLog),
    uploadAnnotation: (upload: AnnotationUpload, opts?: { signal?: AbortSignal }) =>
      uploadAnnotation(http, upload, opts),
    openImageDownload: bind(http, openImageDownload),
    downloadImageToFile: bind(http, downloadImageToFile),
    downloadPredictionXml: bind(http, downloadPredictionXml),
    uploadByPresignedPost: postFileToStorage,
    getMultipartCapabilities: bind(http, multipart.getMultipartCapabilities),
    createMultipartUpload: bind(http, multipart.createMultipartUpload),
    signPart: bind(http, multipart.signPart),
    signParts: bind(http, multipart.signParts),
    listParts: bind(http, multipart.listParts),
    completeMultipartUpload: bind(http, multipart.completeMultipartUpload),
    abortMultipartUpload: bind(http, multipart.abortMultipartUpload),
    uploadPart: multipart.uploadPart,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
