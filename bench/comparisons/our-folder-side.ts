import { expectSuccess, runUpload, uploadedJobs } from '../clients/pathomiq-cli.js';
import { ProductFailure } from '../lib/failures.js';
import type { SourceFolder } from '../lib/test-files.js';
import type { Side } from './alternating.js';
import type { VerificationTally } from './verification-tally.js';

/** Our side of a many-files comparison: `upload <folder>` on a fresh state dir, every stored object verified. */
export function ourFolderSide(options: {
  label: string;
  folder: SourceFolder;
  server: string;
  /** Where the per-run state dirs go, named `<stateDirPrefix>-<run>`. */
  stateDirPrefix: string;
  tally: VerificationTally;
}): Side {
  const { label, folder, server, tally } = options;
  const sourceByName = new Map(folder.files.map((file) => [file.name, file]));
  return {
    label,
    inputs: folder.files.map((file) => file.path),
    async measure(index) {
      const stateDir = `${options.stateDirPrefix}-${index}`;
      const run = await runUpload({ server, stateDir }, [folder.dir]);
      expectSuccess(run, 'upload <folder>');
      const jobs = uploadedJobs(run);
      if (jobs.length !== folder.files.length)
        throw new ProductFailure(`uploaded ${jobs.length} of ${folder.files.length} files`);
      const expected = jobs.map((job) => {
        const source = sourceByName.get(job.fileName);
        if (!source) throw new ProductFailure(`uploaded an unknown file ${job.fileName}`);
        return { key: job.imageUniqueId ?? '?', source };
      });
      return { run, verify: () => tally.ours(label, expected) };
    },
  };
}
