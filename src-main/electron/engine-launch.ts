import { utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import type { EngineChannel } from './engine-host.js';

/**
 * Forks the engine process. A small V8 young generation keeps its memory low while it streams large slides, as
 * the CLI does.
 */
export function launchEngineProcess(): EngineChannel {
  const entry = fileURLToPath(new URL('./engine-process.js', import.meta.url));
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'PathomIQ upload engine',
    execArgv: ['--max-semi-space-size=2'],
    stdio: 'inherit',
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      child.kill();
    },
  };
}
