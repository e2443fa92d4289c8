import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreContext } from './context.js';
import { isS3StoreError, s3Errors, S3StoreError } from './errors.js';
import { isBucketPath, parseRequestTarget } from './request-target.js';
import { newRequestId, sendError } from './responses.js';
import { routeRequest } from './routes.js';

export interface RequestHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Refuses new requests, cuts the connections of those in progress and waits for their clean-up. */
  close(): Promise<void>;
}

/**
 * The store's HTTP entry point: claims only this bucket's paths and turns every failure into an S3 XML
 * error (or, once a response has started, a cut connection), so it never throws.
 */
export function createRequestHandler(
  context: StoreContext,
  onInternalError: ((error: unknown) => void) | undefined,
): RequestHandler {
  const inFlight = new Map<Promise<void>, IncomingMessage>();
  let closed = false;

  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    // The resource in error documents is the path only: the query may hold a signature.
    const resource = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (closed) throw new S3StoreError('ServiceUnavailable', 'The store is shutting down.', 503);
      await routeRequest(context, req, res, parseRequestTarget(req.url ?? '/', context.bucket));
    } catch (error) {
      if (res.headersSent || res.destroyed || clientLeft(req)) {
        res.destroy(); // mid-response failure or the client gone: all that is left is to close the connection
        return;
      }
      const failure = isS3StoreError(error) ? error : s3Errors.internal();
      if (!isS3StoreError(error)) report(onInternalError, error);
      try {
        sendError(res, failure, resource, requestId, req.method === 'HEAD', failure.headers);
      } catch (sendFailure) {
        report(onInternalError, sendFailure);
        res.destroy();
      }
    }
  };

  return {
    async handle(req, res) {
      if (!isBucketPath(req.url ?? '/', context.bucket)) return false;
      const requestId = newRequestId();
      res.setHeader('x-amz-request-id', requestId);
      const work = serve(req, res, requestId);
      inFlight.set(work, req);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
      return true;
    },

    async close() {
      closed = true;
      // Uploads in progress could otherwise keep close() waiting for as long as their clients stall.
      for (const req of inFlight.values()) req.socket.destroy();
      await Promise.allSettled([...inFlight.keys()]);
    },
  };
}

function clientLeft(req: IncomingMessage): boolean {
  return req.destroyed && !req.complete;
}

function report(onInternalError: ((error: unknown) => void) | undefined, error: unknown): void {
  try {
    onInternalError?.(error);
  } catch {
    // A failing reporter must not break the request handler.
  }
}
