import {
  dispatchCommand,
  RemoteCommandError,
  type AppHandlers,
  type CommandResult,
  type Send,
} from '../../src-shared/app/index.js';
import { appErrorInfo } from '../app/describe-error.js';
import { EXIT } from './exit-codes.js';

/**
 * The command line as a transport of the app: each command is validated and run by the same dispatcher as the
 * Electron and browser transports, and its failure worded the same way; it rejects with a RemoteCommandError.
 */
export function sendThrough(handlers: AppHandlers): Send {
  return async (name, ...args) => {
    const outcome = await dispatchCommand(handlers, name, args[0], appErrorInfo);
    if (!outcome.ok) throw new RemoteCommandError(name, outcome.error);
    return outcome.result as CommandResult<typeof name>;
  };
}

/**
 * The exit code of a failed app command: 3 when the server refused the token, 2 for bad arguments or a job id
 * that is not there, else 1.
 */
export function exitCodeOf(error: RemoteCommandError): number {
  if (error.info.code === 'unauthorized') return EXIT.signInAgain;
  if (error.info.code === 'invalid-args' || error.info.code === 'not-found') return EXIT.usage;
  return EXIT.failed;
}
