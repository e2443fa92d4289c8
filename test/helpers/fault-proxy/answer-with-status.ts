import type { ServerResponse } from 'node:http';
import type { Fault } from './types.js';

type StatusFault = Extract<Fault, { type: 'status' }>;

/**
 * Answers in the proxy's own name, never reaching the target. Content-Type defaults to JSON when the body parses
 * as JSON (the API's `{success:false,msg}` errors), else plain text; the rule's headers override either.
 * An unread request body is discarded by Node after the answer, as a real server that refuses early would.
 */
export function answerWithStatus(res: ServerResponse, fault: StatusFault): void {
  const body = fault.body ?? '';
  res.statusCode = fault.status;
  res.setHeader('Content-Type', looksLikeJson(body) ? 'application/json' : 'text/plain; charset=utf-8');
  for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function looksLikeJson(body: string): boolean {
  if (body === '') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
