import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreContext } from './context.js';
import { s3Errors } from './errors.js';
import { listPage, type ListingPage } from './listing.js';
import { queryCount, queryValue, type QueryParams, type RequestTarget } from './request-target.js';
import { sendEmpty, sendXml, xmlTimestamp } from './responses.js';
import { element, s3Document, textElement, xmlDocument, S3_XML_NAMESPACE } from './xml.js';

const MAX_KEYS_PER_LISTING = 1000;

interface ListingParameters {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** encoding-type=url: keys and prefixes in the response are URL-encoded (lets clients list any key). */
  urlEncode: boolean;
}

/** ListObjectsV2 (GET /<bucket>?list-type=2). */
export function listObjectsV2(context: StoreContext, res: ServerResponse, target: RequestTarget): void {
  const parameters = listingParameters(target.query);
  const continuationToken = queryValue(target.query, 'continuation-token');
  const startAfter = queryValue(target.query, 'start-after');
  const after = continuationToken !== undefined ? decodeContinuationToken(continuationToken) : startAfter;
  const page = listPage(context.catalog.sortedKeys(), { ...parameters, after });
  const encode = encoderFor(parameters);
  sendXml(
    res,
    200,
    s3Document('ListBucketResult', [
      textElement('Name', context.bucket),
      textElement('Prefix', encode(parameters.prefix)),
      ...(parameters.delimiter ? [textElement('Delimiter', encode(parameters.delimiter))] : []),
      textElement('MaxKeys', parameters.maxKeys),
      textElement('KeyCount', page.keys.length + page.commonPrefixes.length),
      textElement('IsTruncated', page.isTruncated),
      ...(parameters.urlEncode ? [textElement('EncodingType', 'url')] : []),
      ...(continuationToken !== undefined ? [textElement('ContinuationToken', continuationToken)] : []),
      ...(page.isTruncated && page.last !== undefined
        ? [textElement('NextContinuationToken', encodeContinuationToken(page.last))]
        : []),
      ...(startAfter !== undefined ? [textElement('StartAfter', encode(startAfter))] : []),
      ...listingEntries(context, page, encode),
    ]),
  );
}

/** ListObjects, version 1 (GET /<bucket>), which rclone uses for the "Other" provider. */
export function listObjectsV1(context: StoreContext, res: ServerResponse, target: RequestTarget): void {
  const parameters = listingParameters(target.query);
  const marker = queryValue(target.query, 'marker');
  const page = listPage(context.catalog.sortedKeys(), { ...parameters, after: marker });
  const encode = encoderFor(parameters);
  sendXml(
    res,
    200,
    s3Document('ListBucketResult', [
      textElement('Name', context.bucket),
      textElement('Prefix', encode(parameters.prefix)),
      textElement('Marker', encode(marker ?? '')),
      // Always given when truncated (S3 gives it only with a delimiter); clients may also use the last key.
      ...(page.isTruncated && page.last !== undefined ? [textElement('NextMarker', encode(page.last))] : []),
      textElement('MaxKeys', parameters.maxKeys),
      ...(parameters.delimiter ? [textElement('Delimiter', encode(parameters.delimiter))] : []),
      textElement('IsTruncated', page.isTruncated),
      ...(parameters.urlEncode ? [textElement('EncodingType', 'url')] : []),
      ...listingEntries(context, page, encode),
    ]),
  );
}

export function getBucketLocation(context: StoreContext, res: ServerResponse): void {
  // S3 reports us-east-1 as an empty LocationConstraint.
  const region = context.region === 'us-east-1' ? '' : context.region;
  sendXml(
    res,
    200,
    xmlDocument(`<LocationConstraint xmlns="${S3_XML_NAMESPACE}">${region}</LocationConstraint>`),
  );
}

export function headBucket(context: StoreContext, res: ServerResponse): void {
  sendEmpty(res, 200, { 'x-amz-bucket-region': context.region });
}

/** CreateBucket on the one bucket succeeds as in us-east-1 (clients such as rclone may try it before uploading). */
export function createBucket(context: StoreContext, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendEmpty(res, 200, { Location: `/${context.bucket}` });
}

function listingParameters(query: QueryParams): ListingParameters {
  const encodingType = queryValue(query, 'encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request');
  }
  return {
    prefix: queryValue(query, 'prefix') ?? '',
    delimiter: queryValue(query, 'delimiter') ?? '',
    maxKeys: Math.min(queryCount(query, 'max-keys') ?? MAX_KEYS_PER_LISTING, MAX_KEYS_PER_LISTING),
    urlEncode: encodingType === 'url',
  };
}

function listingEntries(
  context: StoreContext,
  page: ListingPage,
  encode: (text: string) => string,
): string[] {
  const contents = page.keys.flatMap((key) => {
    const object = context.catalog.describe(key);
    if (!object) return [];
    return [
      element('Contents', [
        textElement('Key', encode(key)),
        textElement('LastModified', xmlTimestamp(object.lastModified)),
        textElement('ETag', object.etag),
        textElement('Size', object.size),
        textElement('StorageClass', 'STANDARD'),
      ]),
    ];
  });
  const prefixes = page.commonPrefixes.map((prefix) =>
    element('CommonPrefixes', [textElement('Prefix', encode(prefix))]),
  );
  return [...contents, ...prefixes];
}

function encoderFor(parameters: ListingParameters): (text: string) => string {
  return parameters.urlEncode ? (text) => encodeURIComponent(text).replace(/%2F/g, '/') : (text) => text;
}

/** Continuation tokens are opaque to clients; ours is the last key or prefix listed, base64url-encoded. */
function encodeContinuationToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

function decodeContinuationToken(token: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(token)) {
    throw s3Errors.invalidArgument('The continuation token provided is incorrect');
  }
  return Buffer.from(token, 'base64url').toString('utf8');
}
