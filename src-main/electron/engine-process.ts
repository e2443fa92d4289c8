/**
 * Entry of the engine process (Electron utilityProcess): uploads, hashing, SQLite and the embedded sandbox run
 * here, so the main process (and with it every window) stays responsive. Imports no electron module: a utility
 * process has only process.parentPort.
 */
import { createAppService } from '../app/app-service.js';
import { appErrorInfo } from '../app/describe-error.js';
import { serveEngine, type ParentPortLike } from './engine-serve.js';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;

if (parentPort === undefined || parentPort === null) {
  console.error('engine-process.js runs inside the desktop app (an Electron utility process) only.');
  process.exitCode = 1;
} else {
  serveEngine(parentPort, createAppService, {
    describeError: appErrorInfo,
    onStopped: () => process.exit(0),
  });
}
