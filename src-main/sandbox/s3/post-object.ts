import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy, { type Busboy, type FileInfo } from 'busboy';
import { STREAM_HIGH_WATER_MARK, writeBodyToFile } from './body-writer.js';
import type { StoreContext } from './context.js';
import { isS3StoreError, s3Errors } from './errors.js';
import {
  DEFAULT_CONTENT_TYPE,
  isValidHeaderValue,
  objectUrl,
  userMetadataFromFields,
} from './object-headers.js';
import { singlePartEtag } from './objects.js';
import {
  checkPolicy,
  contentLengthLimits,
  decodePostPolicy,
  verifyPolicySignature,
  type FormFields,
} from './post-policy.js';
import { sendEmpty, sendXml } from './responses.js';
import type { RequestTarget } from './request-target.js';
import { element, textElement, xmlDocument } from './xml.js';

const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_FIELDS = 200;
const MAX_KEY_BYTES = 1024;

interface ReceivedFile {
  key: string;
  blob: string;
  size: number;
  md5: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

/**
 * Browser-form upload (POST /<bucket>, multipart/form-data), streamed with busboy: the fields before
 * `file` are authorised against the signed policy as soon as `file` starts; fields after it are ignored,
 * as S3 does. The file streams into a fresh blob that becomes the object only once it is complete and
 * within the policy's content-length-range, so failures and aborted requests never leave a partial object.
 */
export async function handlePostObject(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  let form: Busboy;
  try {
    form = busboy({
      headers: req.headers,
      highWaterMark: STREAM_HIGH_WATER_MARK,
      fileHwm: STREAM_HIGH_WATER_MARK,
      defParamCharset: 'utf8',
      limits: { fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS },
    });
  } catch {
    throw s3Errors.malformedPost();
  }

  const fields = new Map<string, string>();
  let truncatedField = false;
  let received: Promise<ReceivedFile> | undefined;
  const startReceiving = (file: Readable, info: FileInfo) => {
    received = truncatedField
      ? Promise.reject(s3Errors.malformedPost('A form field is larger than 1 MiB.'))
      : receiveFile(context, target, new Map(fields), file, info, form);
    if (truncatedField) file.resume();
    // Awaited after the form is parsed; this only stops an early failure from counting as unhandled.
    received.catch(() => undefined);
  };
  form.on('field', (name, value, info) => {
    if (received) return; // fields after `file` are ignored
    if (name.toLowerCase() === 'file') {
      received = Promise.reject(
        s3Errors.invalidArgument(
          "The 'file' form part must be a file part (with a filename or Content-Type: application/octet-stream).",
        ),
      );
      received.catch(() => undefined);
      return;
    }
    if (info.nameTruncated || info.valueTruncated) truncatedField = true;
    fields.set(name.toLowerCase(), value);
  });
  form.on('file', (name, file, info) => {
    if (received || name.toLowerCase() !== 'file') file.resume();
    else startReceiving(file, info);
  });

  try {
    await parseForm(req, form);
  } catch (formError) {
    // Wait for the file's own clean-up (its blob is removed) before answering.
    const failure = await received?.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (formError instanceof RequestAborted) return; // nobody to answer, and nothing was stored
    throw isS3StoreError(failure) ? failure : s3Errors.malformedPost();
  }
  if (!received) throw s3Errors.invalidArgument('POST requires exactly one file upload per request.');
  const file = await received;

  const etag = singlePartEtag(file.md5);
  try {
    await context.catalog.commit({
      key: file.key,
      size: file.size,
      etag,
      contentType: file.contentType,
      lastModified: context.now().toISOString(),
      metadata: file.metadata,
      parts: [{ blob: file.blob, size: file.size }],
    });
  } catch (error) {
    await context.blobs.discard([file.blob]);
    throw error;
  }
  respondToPost(context, res, fields, file.key, etag);
}

class RequestAborted extends Error {
  constructor() {
    super('request aborted by the client');
  }
}

/** Pipes the request into busboy; resolves when the whole form has been parsed and the file consumed. */
function parseForm(req: IncomingMessage, form: Busboy): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on('error', () => undefined); // an abort surfaces through 'close' below
    req.once('close', () => {
      if (!req.complete) form.destroy(new RequestAborted());
    });
    form.once('error', (error: Error) => {
      req.unpipe(form);
      req.resume(); // drain what is left so the client can read our error response
      reject(error);
    });
    form.once('finish', resolve);
    req.pipe(form);
  });
}

async function receiveFile(
  context: StoreContext,
  target: RequestTarget,
  fields: FormFields,
  file: Readable,
  info: FileInfo,
  form: Busboy,
): Promise<ReceivedFile> {
  let authorized: { key: string; limits: ReturnType<typeof contentLengthLimits> };
  try {
    authorized = await authorizePost(context, target.bucket, fields, info.filename);
  } catch (error) {
    file.resume(); // refuse, but keep reading so the client gets the 403 instead of a reset connection
    throw error;
  }
  const { key, limits } = authorized;
  const lengthViolation = () => s3Errors.policyViolation(`Policy Condition failed: ${limits?.text ?? ''}`);
  const blob = context.blobs.newBlobId();
  let written;
  try {
    written = await writeBodyToFile(file, context.blobs.path(blob), {
      maxBytes: limits?.max,
      tooLarge: lengthViolation,
    });
  } catch (error) {
    // A storage failure leaves the file stream unread, which would stall busboy: stop the form instead.
    if (!isS3StoreError(error)) form.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (limits && written.size < limits.min) {
    await context.blobs.discard([blob]);
    throw lengthViolation();
  }
  const fieldType = fields.get('content-type');
  const partType = info.mimeType;
  const contentType =
    [fieldType, partType].find((type) => type && isValidHeaderValue(type)) ?? DEFAULT_CONTENT_TYPE;
  return {
    key,
    blob,
    size: written.size,
    md5: written.md5,
    contentType,
    metadata: userMetadataFromFields(fields),
  };
}

async function authorizePost(
  context: StoreContext,
  bucket: string,
  fields: FormFields,
  filename: string | undefined,
): Promise<{ key: string; limits: ReturnType<typeof contentLengthLimits> }> {
  const policyBase64 = await verifyPolicySignature(fields, context);
  const policy = decodePostPolicy(policyBase64);
  const keyField = fields.get('key');
  if (!keyField) {
    throw s3Errors.invalidArgument(
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
  }
  checkPolicy(policy, fields, bucket, context.now());
  // S3 substitutes the uploaded file's name for ${filename} in the key.
  const key = keyField.replaceAll('${filename}', filename ?? '');
  if (key === '') throw s3Errors.invalidArgument('User key must have a length greater than 0.');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  return { key, limits: contentLengthLimits(policy) };
}

/** success_action_status 200 or 201 (with S3's PostResponse XML) if asked for, else 204, as S3 does. */
function respondToPost(
  context: StoreContext,
  res: ServerResponse,
  fields: FormFields,
  key: string,
  etag: string,
): void {
  const location = objectUrl(context.endpoint(), context.bucket, key);
  const headers = { ETag: etag, Location: location };
  const status = fields.get('success_action_status');
  if (status === '201') {
    const body = element('PostResponse', [
      textElement('Location', location),
      textElement('Bucket', context.bucket),
      textElement('Key', key),
      textElement('ETag', etag),
    ]);
    sendXml(res, 201, xmlDocument(body), headers);
  } else {
    sendEmpty(res, status === '200' ? 200 : 204, headers);
  }
}
