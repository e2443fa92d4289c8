import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue } from './http-headers.js';
import { parseChecksumCrc32, parseContentMd5 } from './body-writer.js';
import { requireContentLength } from './content-length.js';
import type { StoreContext } from './context.js';
import { s3Errors } from './errors.js';
import { contentTypeOf, objectUrl, userMetadataFrom } from './object-headers.js';
import { queryCount, queryValue, type RequestTarget } from './request-target.js';
import { sendEmpty, sendXml, xmlTimestamp } from './responses.js';
import type { RequestAuth } from './sigv4-verify.js';
import { readSmallBody } from './small-body.js';
import { element, parseCompleteMultipartUpload, s3Document, textElement } from './xml.js';

/** 10,000 parts of ~150 bytes of XML each, with room to spare. */
const MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;
const MAX_PARTS_PER_LISTING = 1000;

export async function createMultipartUpload(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  const upload = await context.uploads.create(
    target.key,
    contentTypeOf(req),
    userMetadataFrom(req, target.query),
  );
  sendXml(
    res,
    200,
    s3Document('InitiateMultipartUploadResult', [
      textElement('Bucket', context.bucket),
      textElement('Key', target.key),
      textElement('UploadId', upload.uploadId),
    ]),
  );
}

export async function uploadPart(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  auth: RequestAuth,
): Promise<void> {
  const partNumber = parsePartNumber(queryValue(target.query, 'partNumber'));
  const uploadId = queryValue(target.query, 'uploadId') ?? '';
  const expectedLength = requireContentLength(req);
  const part = await context.uploads.uploadPart(uploadId, target.key, partNumber, req, {
    contentMd5: parseContentMd5(headerValue(req, 'content-md5')),
    crc32: parseChecksumCrc32(headerValue(req, 'x-amz-checksum-crc32')),
    sha256Hex: auth.payloadSha256,
    expectedLength,
  });
  sendEmpty(res, 200, {
    ETag: `"${part.md5}"`,
    ...(part.crc32 ? { 'x-amz-checksum-crc32': part.crc32 } : {}),
  });
}

export async function listParts(
  context: StoreContext,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  const uploadId = queryValue(target.query, 'uploadId') ?? '';
  const maxParts = Math.min(queryCount(target.query, 'max-parts') ?? 1000, MAX_PARTS_PER_LISTING);
  const marker = queryCount(target.query, 'part-number-marker') ?? 0;
  const parts = (await context.uploads.listParts(uploadId, target.key)).filter(
    (part) => part.partNumber > marker,
  );
  const page = parts.slice(0, maxParts);
  const truncated = parts.length > page.length;
  sendXml(
    res,
    200,
    s3Document('ListPartsResult', [
      textElement('Bucket', context.bucket),
      textElement('Key', target.key),
      textElement('UploadId', uploadId),
      textElement('PartNumberMarker', marker),
      textElement('NextPartNumberMarker', page.at(-1)?.partNumber ?? marker),
      textElement('MaxParts', maxParts),
      textElement('IsTruncated', truncated),
      textElement('StorageClass', 'STANDARD'),
      ...page.map((part) =>
        element('Part', [
          textElement('PartNumber', part.partNumber),
          textElement('LastModified', xmlTimestamp(new Date(part.lastModified))),
          textElement('ETag', `"${part.md5}"`),
          textElement('Size', part.size),
        ]),
      ),
    ]),
  );
}

export async function completeMultipartUpload(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  auth: RequestAuth,
): Promise<void> {
  const uploadId = queryValue(target.query, 'uploadId') ?? '';
  context.uploads.find(uploadId, target.key);
  const body = await readSmallBody(req, MAX_COMPLETE_BODY_BYTES, {
    sha256Hex: auth.payloadSha256,
    contentMd5: parseContentMd5(headerValue(req, 'content-md5')),
  });
  const parts = parseCompleteMultipartUpload(body.toString('utf8'));
  const completed = await context.uploads.complete(uploadId, target.key, parts);
  sendXml(
    res,
    200,
    s3Document('CompleteMultipartUploadResult', [
      textElement('Location', objectUrl(context.endpoint(), context.bucket, target.key)),
      textElement('Bucket', context.bucket),
      textElement('Key', target.key),
      textElement('ETag', completed.etag),
    ]),
  );
}

export async function abortMultipartUpload(
  context: StoreContext,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  await context.uploads.abort(queryValue(target.query, 'uploadId') ?? '', target.key);
  sendEmpty(res, 204);
}

/** ListMultipartUploads (GET /<bucket>?uploads): every upload in progress under `prefix`, one page. */
export function listMultipartUploads(
  context: StoreContext,
  res: ServerResponse,
  target: RequestTarget,
): void {
  const prefix = queryValue(target.query, 'prefix') ?? '';
  const maxUploads = Math.min(queryCount(target.query, 'max-uploads') ?? 1000, 1000);
  const uploads = context.uploads.list().filter((upload) => upload.key.startsWith(prefix));
  const page = uploads.slice(0, maxUploads);
  sendXml(
    res,
    200,
    s3Document('ListMultipartUploadsResult', [
      textElement('Bucket', context.bucket),
      textElement('KeyMarker', ''),
      textElement('UploadIdMarker', ''),
      textElement('Prefix', prefix),
      textElement('MaxUploads', maxUploads),
      textElement('IsTruncated', uploads.length > page.length),
      ...page.map((upload) =>
        element('Upload', [
          textElement('Key', upload.key),
          textElement('UploadId', upload.uploadId),
          textElement('Initiated', xmlTimestamp(new Date(upload.initiated))),
          textElement('StorageClass', 'STANDARD'),
        ]),
      ),
    ]),
  );
}

function parsePartNumber(value: string | undefined): number {
  if (value === undefined || !/^\d{1,5}$/.test(value)) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive');
  }
  return Number(value);
}
