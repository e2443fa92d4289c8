import type { IncomingMessage, ServerResponse } from 'node:http';
import { rejectTwoAuthMechanisms } from './auth-mechanism.js';
import {
  createBucket,
  getBucketLocation,
  headBucket,
  listObjectsV1,
  listObjectsV2,
} from './bucket-handlers.js';
import type { StoreContext } from './context.js';
import { s3Errors } from './errors.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart-handlers.js';
import { deleteObject, getObject, putObject } from './object-handlers.js';
import { handlePostObject } from './post-object.js';
import { hasQuery, queryValue, type RequestTarget } from './request-target.js';
import type { RequestAuth } from './sigv4-verify.js';

/** Subresources S3 has but this store does not: answered 501 rather than mistaken for a plain GET/PUT. */
const UNSUPPORTED_OBJECT_SUBRESOURCES = [
  'acl',
  'tagging',
  'torrent',
  'attributes',
  'retention',
  'legal-hold',
  'restore',
  'select',
  'versionId',
];
const UNSUPPORTED_BUCKET_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'lifecycle',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'tagging',
  'versioning',
  'versions',
  'website',
];

/**
 * Dispatches an S3 request for this bucket. Browser-form POSTs carry their own (policy) authorisation;
 * everything else must be SigV4-signed, by header or presigned query (never both), before any operation runs.
 */
export async function routeRequest(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  const method = req.method ?? 'GET';
  rejectTwoAuthMechanisms(req, target);
  if (target.key === '' && method === 'POST' && isFormUpload(req)) {
    await handlePostObject(context, req, res, target);
    return;
  }
  const auth = await context.verifier.verify(req, target);
  if (target.key === '') routeBucket(context, req, res, target, method);
  else await routeObject(context, req, res, target, method, auth);
}

function routeBucket(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  method: string,
): void {
  rejectUnsupported(target, UNSUPPORTED_BUCKET_SUBRESOURCES);
  switch (method) {
    case 'GET':
      if (hasQuery(target.query, 'location')) return getBucketLocation(context, res);
      if (hasQuery(target.query, 'uploads')) return listMultipartUploads(context, res, target);
      if (queryValue(target.query, 'list-type') === '2') return listObjectsV2(context, res, target);
      return listObjectsV1(context, res, target);
    case 'HEAD':
      return headBucket(context, res);
    case 'PUT':
      return createBucket(context, req, res);
    case 'DELETE':
      throw s3Errors.notImplemented('The sandbox bucket cannot be deleted.');
    default:
      throw s3Errors.methodNotAllowed();
  }
}

async function routeObject(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  method: string,
  auth: RequestAuth,
): Promise<void> {
  rejectUnsupported(target, UNSUPPORTED_OBJECT_SUBRESOURCES);
  const isUploadRequest = hasQuery(target.query, 'uploadId');
  switch (method) {
    case 'PUT':
      if (req.headers['x-amz-copy-source'] !== undefined) {
        throw s3Errors.notImplemented(
          'CopyObject and UploadPartCopy are not supported by the sandbox S3 store.',
        );
      }
      if (isUploadRequest || hasQuery(target.query, 'partNumber'))
        return uploadPart(context, req, res, target, auth);
      return putObject(context, req, res, target, auth);
    case 'GET':
      if (isUploadRequest) return listParts(context, res, target);
      return getObject(context, req, res, target);
    case 'HEAD':
      return getObject(context, req, res, target);
    case 'POST':
      if (hasQuery(target.query, 'uploads')) return createMultipartUpload(context, req, res, target);
      if (isUploadRequest) return completeMultipartUpload(context, req, res, target, auth);
      throw s3Errors.methodNotAllowed();
    case 'DELETE':
      if (isUploadRequest) return abortMultipartUpload(context, res, target);
      return deleteObject(context, res, target);
    default:
      throw s3Errors.methodNotAllowed();
  }
}

function rejectUnsupported(target: RequestTarget, subresources: readonly string[]): void {
  const unsupported = subresources.find((name) => hasQuery(target.query, name));
  if (unsupported !== undefined) {
    throw s3Errors.notImplemented(
      `The sandbox S3 store does not implement the '${unsupported}' subresource.`,
    );
  }
}

function isFormUpload(req: IncomingMessage): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}
