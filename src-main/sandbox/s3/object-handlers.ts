import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { headerValue } from './http-headers.js';
import { parseContentMd5, writeBodyToFile } from './body-writer.js';
import { requireContentLength } from './content-length.js';
import type { StoreContext } from './context.js';
import { s3Errors } from './errors.js';
import {
  contentTypeOf,
  objectResponseHeaders,
  responseOverrides,
  userMetadataFrom,
} from './object-headers.js';
import { singlePartEtag } from './objects.js';
import { parseRangeHeader } from './range.js';
import type { RequestTarget } from './request-target.js';
import { sendEmpty } from './responses.js';
import type { RequestAuth } from './sigv4-verify.js';

/** PutObject: streams the body into a new blob (verifying Content-MD5 / signed SHA-256), then commits it. */
export async function putObject(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  auth: RequestAuth,
): Promise<void> {
  const expectedLength = requireContentLength(req);
  const contentMd5 = parseContentMd5(headerValue(req, 'content-md5'));
  const blob = context.blobs.newBlobId();
  const written = await writeBodyToFile(req, context.blobs.path(blob), {
    contentMd5,
    sha256Hex: auth.payloadSha256,
    expectedLength,
  });
  const etag = singlePartEtag(written.md5);
  try {
    await context.catalog.commit({
      key: target.key,
      size: written.size,
      etag,
      contentType: contentTypeOf(req),
      lastModified: context.now().toISOString(),
      metadata: userMetadataFrom(req, target.query),
      parts: [{ blob, size: written.size }],
    });
  } catch (error) {
    await context.blobs.discard([blob]);
    throw error;
  }
  sendEmpty(res, 200, { ETag: etag });
}

/** GetObject / HeadObject, with single `Range: bytes=` support (206 + Content-Range, 416 when unsatisfiable). */
export async function getObject(
  context: StoreContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  const manifest = context.catalog.get(target.key);
  if (!manifest) throw s3Errors.noSuchKey();
  await context.catalog.assertBytesPresent(manifest);
  const range = parseRangeHeader(req.headers.range, manifest.size);
  if (range === 'unsatisfiable') throw s3Errors.invalidRange(manifest.size);
  const headers = { ...objectResponseHeaders(manifest), ...responseOverrides(target.query) };
  const status = range ? 206 : 200;
  const length = range ? range.end - range.start + 1 : manifest.size;
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${manifest.size}`;
  headers['Content-Length'] = length;
  if (req.method === 'HEAD') {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const stream = context.catalog.open(manifest, range);
  res.writeHead(status, headers);
  await pipeline(stream, res);
}

/** DeleteObject: 204 whether or not the key existed, as S3 does. */
export async function deleteObject(
  context: StoreContext,
  res: ServerResponse,
  target: RequestTarget,
): Promise<void> {
  await context.catalog.remove(target.key);
  sendEmpty(res, 204);
}
