import { z } from 'zod';
import {
  commandArgs,
  isCommandName,
  type AppHandlers,
  type CommandName,
  type CommandResult,
} from './commands.js';

export type AppErrorCode = 'unknown-command' | 'invalid-args' | 'failed';

/** An error as it crosses a transport: words for a technician, and a code for the UI's logic. */
export interface AppErrorInfo {
  code: AppErrorCode;
  message: string;
}

/** A handler may throw this to send its exact message to the UI. */
export class AppCommandError extends Error {}

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
  describeError: (error: unknown) => string = defaultDescribe,
): Promise<DispatchResult> {
  if (!isCommandName(name))
    return { ok: false, error: { code: 'unknown-command', message: `Unknown command "${String(name)}".` } };
  const parsed = commandArgs[name].safeParse(args);
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
    return { ok: false, error: { code: 'failed', message: describeError(error) } };
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
