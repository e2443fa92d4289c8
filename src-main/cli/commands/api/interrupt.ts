import { setTimeout as sleep } from 'node:timers/promises';

export interface Interrupt {
  /** Aborted on the first Ctrl-C (or SIGTERM); a second one ends the process the default way. */
  signal: AbortSignal;
  dispose(): void;
}

/** Lets a polling command stop cleanly on Ctrl-C instead of dying mid-line. */
export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  const onSignal = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Waits `ms`, or less when interrupted (never throws for that). */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
