import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { SAID_AS_IS } from './said-as-is.js';

/** A state dir that cannot hold the queue: said at once, instead of failing later (or hanging, under /proc). */
export class StateDirError extends Error {
  /** Its message is written for people: said as it is. */
  readonly [SAID_AS_IS] = true;
  constructor(dir: string, why: string) {
    super(
      `Cannot keep the upload queue in ${dir}: ${why} Choose another folder (--state-dir on the command line).`,
    );
    this.name = 'StateDirError';
  }
}

/** Kernel pseudo file systems (statfs f_type): nothing written there is kept, and Node's recursive mkdir spins. */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

/** The kernel pseudo file system `target` is on ('proc', 'sysfs', …), or undefined on a real one. */
export function pseudoFileSystemOf(target: string): string | undefined {
  return PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(target).type));
}

/**
 * Makes sure `dir` is a writable folder on a real file system, creating missing levels one at a time, and proves
 * it with a probe file. Throws {@link StateDirError} saying what is wrong. Returns the absolute path.
 */
export function ensureStateDir(dir: string): string {
  const target = path.resolve(dir);
  let existing = target;
  while (!existsSync(existing)) existing = path.dirname(existing);
  const info = statSync(existing);
  if (!info.isDirectory()) throw new StateDirError(target, `${existing} is a file, not a folder.`);
  const pseudo = pseudoFileSystemOf(existing);
  if (pseudo)
    throw new StateDirError(
      target,
      `${existing} is on the kernel's ${pseudo} file system, which keeps nothing.`,
    );
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new StateDirError(target, `this user may not write in ${existing}.`);
  }
  // One level at a time: Node's recursive mkdir can loop forever on some pseudo file systems.
  const missing: string[] = [];
  for (let level = target; level !== existing; level = path.dirname(level)) missing.unshift(level);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new StateDirError(target, `${level} could not be created (${(error as Error).message}).`);
    }
  }
  const probe = path.join(target, `.write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    throw new StateDirError(target, `writing there failed (${(error as Error).message}).`);
  }
  return target;
}
