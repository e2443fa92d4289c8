import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { otherHostBase } from './other-host.js';
import { parseRangeHeader } from './s3/range.js';
import { newRequestId } from './s3/responses.js';
import { errorDocument } from './s3/xml.js';

/** Where the file host's URLs start (beside the bucket's /pathomiq-sandbox on the same port). */
const PREFIX = '/pathomiq-raw';
// Plain names only (no separators, no ".."), so a request can never leave the image's folder.
const FILE_PATH = /^\/pathomiq-raw\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_][A-Za-z0-9_.-]*)$/;

export const publicRawBase = (apiBase: string): string => `${otherHostBase(apiBase)}${PREFIX}`;

/**
 * The raw-on-s3 dialect's file host: the images' raw files (prediction XML) as a public-read S3 bucket or CDN
 * serves them, on another host name (see other-host.ts). It needs no token and, like S3, refuses a request that
 * carries an Authorization header it does not understand, so a client that leaks its API token there fails.
 * It runs before Fastify, as another server would: none of the API's hooks (token check) or error shapes apply.
 *
 * Serves the request if its path is under the file host's prefix; returns false, writing nothing, otherwise.
 */
export async function servePublicRaw(
  rawDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  if (urlPath !== PREFIX && !urlPath.startsWith(`${PREFIX}/`)) return false;
  try {
    await serve(rawDir, urlPath, req, res);
  } catch {
    if (!res.headersSent)
      sendS3Error(res, urlPath, 500, 'InternalError', 'We encountered an internal error.');
    else res.destroy();
  }
  return true;
}

async function serve(rawDir: string, urlPath: string, req: IncomingMessage, res: ServerResponse) {
  if (req.headers.authorization !== undefined)
    return sendS3Error(res, urlPath, 400, 'InvalidArgument', 'Unsupported Authorization Type');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendS3Error(
      res,
      urlPath,
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  const match = FILE_PATH.exec(urlPath);
  const target = match ? path.join(rawDir, match[1]!, match[2]!) : undefined;
  const info = target ? await stat(target).catch(() => undefined) : undefined;
  if (!target || !info?.isFile())
    return sendS3Error(res, urlPath, 404, 'NoSuchKey', 'The specified key does not exist.');
  const range = parseRangeHeader(req.headers.range, info.size);
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${info.size}`);
    return sendS3Error(res, urlPath, 416, 'InvalidRange', 'The requested range is not satisfiable');
  }
  res.writeHead(range ? 206 : 200, {
    'Content-Type': target.endsWith('.xml') ? 'application/xml' : 'binary/octet-stream',
    'Content-Length': range ? range.end - range.start + 1 : info.size,
    'Accept-Ranges': 'bytes',
    'Last-Modified': info.mtime.toUTCString(),
    ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${info.size}` } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(target, range), res);
}

function sendS3Error(res: ServerResponse, resource: string, status: number, code: string, message: string) {
  const body = Buffer.from(errorDocument(code, message, resource, newRequestId()), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': body.length });
  res.end(body);
}
