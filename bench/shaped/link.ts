import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LinkSettings {
  /** e.g. "100 Mbit/s + 40 ms RTT" */
  label: string;
  /** Bits per second, each direction. */
  rateBitsPerSecond: number;
  rttMs: number;
}

export const LINKS: readonly LinkSettings[] = [
  { label: '100 Mbit/s + 40 ms RTT', rateBitsPerSecond: 100e6, rttMs: 40 },
  { label: '1 Gbit/s + 20 ms RTT', rateBitsPerSecond: 1e9, rttMs: 20 },
];

/** The link's payload rate in bytes per second (what a perfect upload reaches, before TCP/IP headers). */
export const linkBytesPerSecond = (link: LinkSettings): number => link.rateBitsPerSecond / 8;

/** Why this machine cannot run the shaped benchmark (no private network namespace or no tc), or undefined. */
export async function whyNoNamespace(): Promise<string | undefined> {
  try {
    await run('unshare', ['-n', 'sh', '-c', 'ip link set lo up && tc qdisc show dev lo'], {
      timeout: 10_000,
    });
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').slice(0, 2).join(' ') : String(error);
    return `cannot make a private network namespace with a shaped loopback here (\`unshare -n\`, \`ip\` and \`tc\` need root or CAP_NET_ADMIN): ${detail}`;
  }
}

async function tc(...args: string[]): Promise<void> {
  await run('tc', args);
}

/**
 * Shapes the loopback of this (private) network namespace: traffic to `port` (the uplink: client → proxy) and from
 * it (the downlink) each at the link's rate, through an HTB class per direction; everything else (proxy → sandbox,
 * the harness checking stored bytes) goes unshaped, straight through HTB's default. The burst is 4 ms worth of the
 * rate (at least 64 KiB: the loopback's packets are up to 64 KiB with GSO).
 */
export async function shapeLoopback(link: LinkSettings, port: number): Promise<void> {
  await run('ip', ['link', 'set', 'lo', 'up']);
  await tc('qdisc', 'del', 'dev', 'lo', 'root').catch(() => undefined);
  const rate = `${Math.round(link.rateBitsPerSecond / 1000)}kbit`;
  const burst = `${Math.max(64 * 1024, Math.round((link.rateBitsPerSecond / 8) * 0.004))}b`;
  // default 0xff: a class that does not exist, so unmatched packets pass unshaped.
  await tc('qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', 'ff', 'r2q', '1000');
  const directions = [
    { classId: '1:1', match: 'dport' },
    { classId: '1:2', match: 'sport' },
  ];
  for (const { classId, match } of directions) {
    await tc(
      'class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', classId,
      'htb', 'rate', rate, 'ceil', rate, 'burst', burst, 'cburst', burst,
    ); // prettier-ignore
    await tc(
      'filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1',
      'u32', 'match', 'ip', match, String(port), '0xffff', 'flowid', classId,
    ); // prettier-ignore
  }
}

/** Bytes HTB sent through the uplink class so far (for a sanity line in the report). */
export async function uplinkBytes(): Promise<number | undefined> {
  const { stdout } = await run('tc', ['-s', 'class', 'show', 'dev', 'lo', 'classid', '1:1']);
  const match = /Sent (\d+) bytes/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}
