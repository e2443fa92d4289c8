import { progress } from '../lib/log.js';
import { harnessCpuSeconds, machineBusySeconds } from '../lib/machine-cpu.js';
import type { MeasuredRun } from '../lib/measured-process.js';
import type { SandboxProcess } from '../lib/sandbox-process.js';
import { settle } from '../lib/settle.js';
import { warmPageCache } from '../lib/warm-cache.js';
import { fixed } from '../lib/units.js';

export interface Measurement {
  run: MeasuredRun;
  /** Our CLI's transfer-only time, when its events tell it. */
  transferSeconds?: number | undefined;
  /** Checks the stored bytes (after the clock and the sandbox's CPU reading stopped). */
  verify(): Promise<void>;
}

export interface Side {
  label: string;
  /** The files it uploads: read into the page cache before each measurement. */
  inputs: readonly string[];
  /** One timed run; `index` counts from 0 (for unique keys and state dirs). */
  measure(index: number): Promise<Measurement>;
}

export interface SideRun {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** CPU the sandbox spent while this run went on. */
  sandboxCpuSeconds: number;
  /** CPU that neither the client, the sandbox nor the harness used meanwhile: other processes, kernel threads. */
  otherCpuSeconds: number;
  transferSeconds?: number | undefined;
}

/**
 * Runs two sides `runs` times each against one sandbox, alternating which goes first (A B, B A, A B …) so neither
 * always inherits a warmer or a busier machine, and settling the machine before each measurement.
 */
export async function runAlternating(
  id: string,
  sandbox: SandboxProcess,
  sides: readonly [Side, Side],
  runs: number,
): Promise<[SideRun[], SideRun[]]> {
  const [first, second] = await runRotating(id, sandbox, sides, runs);
  return [first!, second!];
}

/**
 * {@link runAlternating} for any number of sides: run n starts with side n (mod the count) and goes round, so with
 * two sides the order is A B, B A, A B …; with four, A B C D, B C D A, …
 */
export async function runRotating(
  id: string,
  sandbox: SandboxProcess,
  sides: readonly Side[],
  runs: number,
): Promise<SideRun[][]> {
  const results: SideRun[][] = sides.map(() => []);
  for (let index = 0; index < runs; index++) {
    const order = sides.map((_, offset) => (index + offset) % sides.length);
    for (const which of order) {
      const side = sides[which]!;
      await warmPageCache(side.inputs);
      await settle(sandbox);
      progress(`(${id}) run ${index + 1}/${runs}: ${side.label}…`);
      const before = {
        sandbox: await sandbox.cpuSeconds(),
        machine: await machineBusySeconds(),
        harness: harnessCpuSeconds(),
      };
      const measured = await side.measure(index);
      const { run } = measured;
      const sandboxCpuSeconds = (await sandbox.cpuSeconds()) - before.sandbox;
      const machineCpu = (await machineBusySeconds()) - before.machine;
      const harnessCpu = harnessCpuSeconds() - before.harness;
      const otherCpuSeconds = Math.max(0, machineCpu - run.cpuSeconds - sandboxCpuSeconds - harnessCpu);
      progress(
        `(${id}) run ${index + 1}/${runs}: ${side.label}: ${fixed(run.wallSeconds)} s, CPU ${fixed(run.cpuSeconds)} s (sandbox ${fixed(sandboxCpuSeconds)} s, others ${fixed(otherCpuSeconds)} s); verifying…`,
      );
      await measured.verify();
      results[which]!.push({
        wallSeconds: run.wallSeconds,
        cpuSeconds: run.cpuSeconds,
        peakRssBytes: run.peakRssBytes,
        sandboxCpuSeconds,
        otherCpuSeconds,
        transferSeconds: measured.transferSeconds,
      });
    }
  }
  return results;
}
