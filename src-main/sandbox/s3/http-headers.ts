import type { IncomingMessage } from 'node:http';

/** The first value of a request header (Node gives repeated unknown headers as arrays). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  return req.headersDistinct[name]?.[0];
}
