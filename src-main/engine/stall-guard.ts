import { JobFailure } from './job-failure.js';

/**
 * An AbortSignal that fires when the parent aborts, or when `touch` has not been called for `stallMs`
 * (a transfer that stopped moving). Call `dispose` when the transfer ends.
 */
export function stallGuard(parent: AbortSignal, stallMs: number, what: string) {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  if (parent.aborted) controller.abort(parent.reason);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(
        new JobFailure(
          'stalled',
          `${what} made no progress for ${Math.round(stallMs / 1000)} s; retrying.`,
          true,
        ),
      );
    }, stallMs);
  };
  arm();
  return {
    signal: controller.signal,
    touch: arm,
    /** The reason to report if the request failed because this guard aborted it. */
    stallReason: () =>
      controller.signal.aborted && !parent.aborted ? (controller.signal.reason as JobFailure) : undefined,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

export type StallGuard = ReturnType<typeof stallGuard>;
