import type { JobView } from '../../src-shared/engine/index.js';
import { defaultPartConcurrency } from '../clients/pathomiq-cli.js';
import { formatSize } from '../lib/units.js';

/**
 * Describes the multipart settings our CLI really used with its defaults, from the part size each uploaded job
 * reports and the concurrency `upload --help` states, so the report stays true when the defaults change.
 */
export class MultipartDefaults {
  private readonly partSizes = new Set<number>();

  record(jobs: readonly JobView[]): void {
    for (const job of jobs) if (job.partSize) this.partSizes.add(job.partSize);
  }

  async describe(): Promise<string> {
    const sizes = [...this.partSizes].sort((a, b) => a - b).map(formatSize);
    const concurrency = await defaultPartConcurrency();
    return `${sizes.length > 0 ? sizes.join(' / ') : '?'} parts, ${concurrency ?? '?'} in flight`;
  }
}
