import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { KiB } from './units.js';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (100 on practically every Linux). */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  /** User + system CPU time of all the process's threads so far. */
  cpuSeconds: number;
  /** Peak resident set size so far (VmHWM; monotonic, so the last read is the best known peak). */
  peakRssBytes: number;
}

/** One look at /proc/<pid>; undefined once the process is gone (or was never there). */
export async function readProcSample(pid: number): Promise<ProcSample | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]); // field 14 of stat(5)
    const stime = Number(fields[12]); // field 15
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return { cpuSeconds: (utime + stime) / CLOCK_TICKS, peakRssBytes: hwm ? Number(hwm[1]) * KiB : 0 };
  } catch {
    return undefined;
  }
}
