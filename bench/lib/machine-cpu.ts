import { readFile } from 'node:fs/promises';
import { CLOCK_TICKS } from './proc-stats.js';

/**
 * CPU seconds the whole machine has been busy (user, nice, system, irq, softirq; not idle, iowait or steal),
 * summed over all cores, from the first line of /proc/stat. The difference over a measurement, minus what our
 * own processes used, is what others (another test run, a kernel flusher) took from the cores meanwhile.
 */
export async function machineBusySeconds(): Promise<number> {
  const stat = await readFile('/proc/stat', 'utf8');
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
  return (user + nice + system + irq + softirq) / CLOCK_TICKS;
}

/** CPU seconds of this process and every child it has reaped (the sandboxes, CLIs, curl, rclone it ran). */
export async function ownCpuSecondsWithChildren(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  // utime, stime, cutime, cstime: fields 14–17 of stat(5), i.e. 11–14 after the command name
  return ((fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0)) / CLOCK_TICKS;
}

/** CPU seconds of this process alone (the harness: polling /proc, and in (d) the sandbox and proxy). */
export function harnessCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
