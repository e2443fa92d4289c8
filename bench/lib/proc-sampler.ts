import { readProcSample, type ProcSample } from './proc-stats.js';

export interface ProcSampler {
  /** Stops polling; the last sample read while the process was alive (undefined if none was). */
  stop(): ProcSample | undefined;
}

/**
 * Polls /proc/<pid> every `intervalMs` until stopped, keeping the last sample that could be read. A process's
 * /proc entry vanishes when it exits, so the caller stops the sampler on exit and keeps what was last seen.
 */
export function sampleProcess(pid: number, intervalMs = 20): ProcSampler {
  let last: ProcSample | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async (): Promise<void> => {
    const sample = await readProcSample(pid);
    if (stopped) return;
    // max(): a process that just exited (a zombie) still shows CPU times but no VmHWM line any more.
    if (sample)
      last = {
        cpuSeconds: Math.max(sample.cpuSeconds, last?.cpuSeconds ?? 0),
        peakRssBytes: Math.max(sample.peakRssBytes, last?.peakRssBytes ?? 0),
      };
    timer = setTimeout(() => void poll(), intervalMs);
  };
  void poll();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      return last;
    },
  };
}
