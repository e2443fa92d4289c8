/**
 * Everything behind the API client that needs the HTTP stack (axios, form-data): loaded by client.ts on the first
 * call, so commands that never talk to a server (listing the local queue, `--help`) do not pay for it.
 */
export { uploadAnnotation } from './annotations.js';
export { downloadImageToFile, downloadPredictionXml, openImageDownload } from './downloads.js';
export { createApiHttp } from './http.js';
export {
  createImage,
  deleteImage,
  listImagesOfUser,
  listUsersWithImages,
  startPrediction,
  stopPrediction,
  updateImage,
} from './images.js';
export {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  getMultipartCapabilities,
  listParts,
  signPart,
  signParts,
  uploadPart,
} from './multipart.js';
export { postFileToStorage } from './presigned-post.js';
export { addLog, listLogs, shareImage } from './sharing-and-logs.js';
