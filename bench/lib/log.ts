const startedAt = performance.now();

/** Progress for whoever watches the run: stderr, so stdout carries only the final table. */
export function progress(message: string): void {
  const elapsed = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${elapsed}s] ${message}\n`);
}

export const elapsedSeconds = (): number => (performance.now() - startedAt) / 1000;
