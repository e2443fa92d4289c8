import type { IncomingMessage } from 'node:http';
import { s3Errors } from './errors.js';
import { queryValue, type RequestTarget } from './request-target.js';

/**
 * Real S3 refuses a request authenticated twice: query-string auth (SigV4 X-Amz-Algorithm or V2 Signature) and
 * an Authorization header, even one it would otherwise ignore. A client that follows a redirect to a presigned
 * URL and keeps its API token's header meets exactly this, so the sandbox must refuse it too.
 */
export function rejectTwoAuthMechanisms(req: IncomingMessage, target: RequestTarget): void {
  const queryAuth =
    queryValue(target.query, 'X-Amz-Algorithm') !== undefined ||
    queryValue(target.query, 'Signature') !== undefined;
  if (queryAuth && req.headers.authorization !== undefined) {
    throw s3Errors.invalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }
}
