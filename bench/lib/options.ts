import type { ComparisonId } from '../comparisons/types.js';

export interface BenchOptions {
  /** Smoke test: small sizes, one run per side. */
  quick: boolean;
  /** Comparisons (and 'w', the watch-folder section) to run; all when not set. */
  only: Array<SectionId> | undefined;
  /** Runs per side for every comparison, overriding the defaults. */
  runs: number | undefined;
  /** Keep the generated source files in bench/tmp/files and reuse them next time. */
  keepFiles: boolean;
}

/** A comparison, or a section run in this harness: w watch folders, p pixel QC, z slide ZIP, startup, scale. */
export type SectionId = ComparisonId | 'w' | 'p' | 'z' | 'eta' | 'startup' | 'scale';

export class UsageError extends Error {}

export const USAGE = `Usage: npm run bench -- [--quick] [--only a,b,…] [--runs N] [--keep-files]

  --quick         small sizes, one run per side (a smoke test; targets are meant for the full run)
  --only a,c      run only these comparisons (a: POST vs curl, b: multipart vs rclone, c: peak RSS,
                  d: bytes re-sent after SIGKILL, e: 1,000 small files vs rclone, w: watch folders,
                  u: client CPU-s per GiB (POST, multipart CRC-32, multipart Content-MD5),
                  g: one 10 GiB multipart upload vs 1 GiB (peak RSS, throughput) — only when asked for,
                  p: pixel QC per slide, z: multi-file slide as one ZIP vs one file,
                  eta: speed and ETA shown vs the truth under --limit-rate,
                  startup: --help, queue of 1,000 jobs, upload's first byte on the wire,
                  scale: 10 vs 10,000 jobs — \`queue\`, the scheduler, the UI store and the browser UI
                  (needs npm run build:renderer),
                  s or shaped: shaped links, 100 Mbit/s + 40 ms and 1 Gbit/s + 20 ms — only when asked for,
                  needs root for a network namespace; --quick: 128 MiB and 100 files)
  --runs N        runs per side for every comparison (default 3; --quick: 1)
  --keep-files    keep the generated source files in bench/tmp/files and reuse them next time`;

const IDS: readonly SectionId[] = [
  'a',
  'b',
  'c',
  'd',
  'e',
  'g',
  'u',
  's',
  'w',
  'p',
  'z',
  'eta',
  'startup',
  'scale',
];
const isId = (value: string): value is SectionId => (IDS as readonly string[]).includes(value);

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, only: undefined, runs: undefined, keepFiles: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--quick':
        options.quick = true;
        break;
      case '--keep-files':
        options.keepFiles = true;
        break;
      case '--only': {
        const ids = value()
          .split(',')
          .map((id) => id.trim().toLowerCase())
          .map((id) => (id === 'shaped' ? 's' : id))
          .filter((id) => id !== '');
        const unknown = ids.filter((id) => !isId(id));
        if (unknown.length > 0 || ids.length === 0)
          throw new UsageError(`--only takes some of ${IDS.join(',')}`);
        options.only = [...new Set(ids.filter(isId))];
        break;
      }
      case '--runs': {
        const runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) throw new UsageError('--runs takes a whole number ≥ 1');
        options.runs = runs;
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}
