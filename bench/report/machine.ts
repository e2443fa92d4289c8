import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv } from '../lib/clean-env.js';
import { REPO_ROOT } from '../lib/paths.js';
import { fixed, GiB, MiB } from '../lib/units.js';

const run = promisify(execFile);

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  rclone: string | undefined;
  curl: string | undefined;
  commit: string;
  /** Sequential write speed of the temp dir's disk, where the sandbox keeps its objects. */
  diskWriteMiBps: number;
}

async function firstLine(file: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run(file, args, { env: cleanEnv() });
    return stdout.split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

async function osName(): Promise<string> {
  const release = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
  return `${pretty ?? os.type()}, kernel ${os.release()}`;
}

/** 1 GiB written and fdatasync'ed: the sandbox writes every uploaded byte to this disk. */
async function diskWriteSpeed(dir: string): Promise<number> {
  const file = path.join(dir, 'disk-speed.tmp');
  const chunk = randomFillSync(Buffer.allocUnsafe(16 * MiB));
  const handle = await open(file, 'w');
  const startedAt = performance.now();
  try {
    for (let written = 0; written < GiB; written += chunk.length) await handle.write(chunk);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await rm(file, { force: true });
  return GiB / MiB / seconds;
}

export async function describeMachine(tempDir: string): Promise<Machine> {
  const cpus = os.cpus();
  const commit = await firstLine('git', ['-C', REPO_ROOT, 'describe', '--always', '--dirty']);
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / GiB,
    os: await osName(),
    node: process.version,
    rclone: await firstLine('rclone', ['version']),
    // "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/…": the first four are what matters.
    curl: (await firstLine('curl', ['--version']))
      ?.replace(/\s*\([^)]*\)/, '')
      .split(' ')
      .slice(0, 4)
      .join(' '),
    commit: commit ?? 'unknown',
    diskWriteMiBps: await diskWriteSpeed(tempDir),
  };
}

export function machineRows(machine: Machine, tempDir: string): string[][] {
  return [
    ['CPU', `${machine.cpuModel}, ${machine.cores} cores`],
    ['RAM', `${fixed(machine.ramGiB, 1)} GiB`],
    ['OS', machine.os],
    ['Node.js', machine.node],
    ['rclone', machine.rclone ?? 'not installed'],
    ['curl', machine.curl ?? 'not installed'],
    [
      'disk (temp dir)',
      `${tempDir}: ${fixed(machine.diskWriteMiBps, 0)} MiB/s sequential write (1 GiB + fdatasync)`,
    ],
    ['commit', machine.commit],
  ];
}
