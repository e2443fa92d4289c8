import { progress } from './log.js';

type CleanupStep = () => Promise<void> | void;

const steps: CleanupStep[] = [];
let cleaning: Promise<void> | undefined;
let interrupted = false;

/** Registers something to undo at the end (or on Ctrl-C); returns a function that forgets it (already undone). */
export function onCleanup(step: CleanupStep): () => void {
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index !== -1) steps.splice(index, 1);
  };
}

/**
 * Runs every registered step, newest first; one failing step does not stop the others. Called from both the
 * normal end and a signal handler, so every caller shares the one pass (and waits for all of it).
 */
export function runCleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step();
      } catch (error) {
        progress(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

/** True once Ctrl-C or SIGTERM arrived: whatever is still running was cut short and must not be reported. */
export const wasInterrupted = (): boolean => interrupted;

/** Ctrl-C or SIGTERM: stop the processes we started and remove temp data before leaving. */
export function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      progress(`${signal}: stopping and cleaning up (again to quit at once)…`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}
