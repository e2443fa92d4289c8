import { z } from 'zod';
import {
  commands,
  isCommandName,
  type AppHandlers,
  type CommandName,
  type CommandResult,
} from './commands.js';

/**
 * `unauthorized`: the server refused the token (sign in again); `not-found`: the command named something that is
 * not there (a job id); `busy`: another process runs the queue; `failed`: anything else that went wrong.
 */
export type AppErrorCode =
  'unknown-command' | 'invalid-args' | 'failed' | 'unauthorized' | 'not-found' | 'busy';

/** What a server's refusal was, for scripts (the command line's --json errors) and the UI's logic. */
export interface ServerErrorDetail {
  /** e.g. "GET /Images/userid/19" */
  endpoint: string;
  /** e.g. "not-found", "unauthorized", "network" */
  kind: string;
  status: number | null;
  /** Trying the same call again later may succeed (network trouble, a busy server). */
  retryable: boolean;
  /** The server's own reason for a refusal, scrubbed (kept in the sentence people read). */
  serverSays?: string;
  /** What the call was about when the Node side knows ("image 62ef…"); the window may name it better. */
  subject?: string;
}

/** An error as it crosses a transport: words for a technician, and a code for the UI's logic. */
export interface AppErrorInfo {
  code: AppErrorCode;
  /** What happened and what to do, for people (see `error-words.ts`). */
  message: string;
  /** The technical words (request, status, the server's text) shown one click away; never secrets. */
  detail?: string;
  /** Set when the server refused the call. */
  server?: ServerErrorDetail;
}

/** How the Node side words a failure: the message alone (code `failed`), or with its code and server detail. */
export type DescribeError = (error: unknown) => string | AppErrorInfo;

/** A handler may throw this to send its exact message (and what kind of refusal it is) to the UI. */
export class AppCommandError extends Error {
  constructor(
    message: string,
    readonly code: Extract<AppErrorCode, 'failed' | 'not-found' | 'busy'> = 'failed',
  ) {
    super(message);
  }
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: AppErrorInfo };

/**
 * The receiving side of every transport: checks the command name, validates the arguments with the command's
 * schema, runs the handler and turns any failure into an {@link AppErrorInfo}. `describeError` words unexpected
 * errors (it is given as a parameter so the Node side can map its API errors; tests can feed anything).
 */
export async function dispatchCommand(
  handlers: AppHandlers,
  name: unknown,
  args: unknown,
  describeError: DescribeError = defaultDescribe,
): Promise<DispatchResult> {
  if (!isCommandName(name))
    return { ok: false, error: { code: 'unknown-command', message: `Unknown command "${String(name)}".` } };
  const parsed = commands[name].args.safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-args', message: `${name}: ${z.prettifyError(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<CommandResult<CommandName>>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    const described = describeError(error);
    return {
      ok: false,
      error: typeof described === 'string' ? { code: 'failed', message: described } : described,
    };
  }
}

function defaultDescribe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error a client rejects with when a command fails on the other side. */
export class RemoteCommandError extends Error {
  constructor(
    readonly command: string,
    readonly info: AppErrorInfo,
  ) {
    super(info.message);
    this.name = 'RemoteCommandError';
  }
}
