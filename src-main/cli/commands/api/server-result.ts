/**
 * The server may answer HTTP 200 with `success: false`; that is a failure too. Its status/msg text is the
 * only explanation there is, so it goes into the message.
 */
export function requireSuccess<R extends { success: boolean; status?: string; msg?: string }>(
  result: R,
  what: string,
): R {
  if (result.success) return result;
  const reason = result.status ?? result.msg ?? 'no reason given';
  throw new Error(`${what} failed — the server answered: ${reason}.`);
}
