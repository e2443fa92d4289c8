import { AppCommandError } from '../../src-shared/app/index.js';

/** The server may answer HTTP 200 with `success: false`; that is a failure too, in its own words. */
export function requireSuccess<R extends { success: boolean; status?: string; msg?: string }>(
  result: R,
  what: string,
): R {
  if (result.success) return result;
  throw new AppCommandError(
    `${what} failed — the server answered: ${result.status ?? result.msg ?? 'no reason given'}.`,
  );
}
