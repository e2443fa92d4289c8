import { progress } from './log.js';

type CleanupStep = () => Promise<void> | void;

const steps: CleanupStep[] = [];

/** Registers something to undo at the end (or on Ctrl-C); returns a function that forgets it (already undone). */
export function onCleanup(step: CleanupStep): () => void {
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index !== -1) steps.splice(index, 1);
  };
}

/** Runs every registered step, newest first; one failing step does not stop the others. */
export async function runCleanup(): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!;
    try {
      await step();
    } catch (error) {
      progress(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Ctrl-C or SIGTERM: stop the processes we started and remove temp data before leaving. */
export function cleanUpOnSignals(): void {
  let leaving = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (leaving) process.exit(130);
      leaving = true;
      progress(`${signal}: cleaning up…`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}
