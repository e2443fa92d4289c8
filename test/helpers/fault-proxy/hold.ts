import type { ServerResponse } from 'node:http';

/**
 * Waits `ms` before calling `then`, unless the client's connection closes first (a client giving up on a stalled
 * link), in which case `onClientLeft` runs instead and the timer is cleared so nothing is left pending.
 * Node notices the close at once for requests without a body or with a small one; for a large upload whose body
 * is still unread it only notices when reading resumes, i.e. after the wait.
 */
export function holdUnlessClientLeaves(
  res: ServerResponse,
  ms: number,
  then: () => void,
  onClientLeft: () => void,
): void {
  const onClose = (): void => {
    clearTimeout(timer);
    onClientLeft();
  };
  const timer = setTimeout(() => {
    res.off('close', onClose);
    then();
  }, ms);
  res.once('close', onClose);
}
