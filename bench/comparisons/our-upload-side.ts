import path from 'node:path';
import type { JobView } from '../../src-shared/engine/index.js';
import { expectSuccess, runUpload, transferSeconds, uploadedJobs } from '../clients/pathomiq-cli.js';
import type { SourceFile } from '../lib/test-files.js';
import type { Side } from './alternating.js';
import type { VerificationTally } from './verification-tally.js';

/** Our side of a one-file comparison: `upload --mode <mode> <file>` on a fresh state dir, verified afterwards. */
export function ourUploadSide(options: {
  label: string;
  mode: 'post' | 'multipart';
  source: SourceFile;
  server: string;
  /** Where the per-run state dirs go, named `<stateDirPrefix>-<run>`. */
  stateDirPrefix: string;
  tally: VerificationTally;
  onJobs?: (jobs: readonly JobView[]) => void;
}): Side {
  const { label, mode, source, server, stateDirPrefix, tally } = options;
  return {
    label,
    inputs: [source.path],
    async measure(index) {
      const stateDir = `${stateDirPrefix}-${index}`;
      const run = await runUpload({ server, stateDir }, [source.path, '--mode', mode]);
      expectSuccess(run, `upload --mode ${mode}`);
      const jobs = uploadedJobs(run);
      options.onJobs?.(jobs);
      return {
        run,
        transferSeconds: transferSeconds(run),
        verify: () =>
          tally.ours(
            label,
            jobs.map((job) => ({ key: job.imageUniqueId ?? '?', source })),
          ),
      };
    },
  };
}

export const stateDirPrefix = (work: string, comparison: string): string =>
  path.join(work, `state-${comparison}`);
