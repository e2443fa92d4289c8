import { ProductFailure, ReferenceFailure } from '../lib/failures.js';
import type { StoredObjects } from '../lib/stored-object.js';
import { expectStored, type ExpectedObject } from '../lib/verify.js';

/** Verifies uploads as they happen and counts them, for the report's "verified" note. */
export class VerificationTally {
  private readonly counts = new Map<string, number>();

  constructor(private readonly objects: StoredObjects) {}

  /** Wrong bytes from our CLI fail the comparison. */
  ours(label: string, expected: readonly ExpectedObject[]): Promise<void> {
    return this.check(label, expected, (message) => new ProductFailure(`${label}: ${message}`));
  }

  /** Wrong bytes from a reference tool make the comparison meaningless: a harness-level error. */
  reference(label: string, expected: readonly ExpectedObject[]): Promise<void> {
    return this.check(label, expected, (message) => new ReferenceFailure(`${label}: ${message}`));
  }

  note(): string {
    const parts = [...this.counts].map(([label, count]) => `${label}: ${count}`);
    return `Stored bytes verified after every run (SHA-256 and size of each object read back from the store equal the source's) — objects checked per side: ${parts.join('; ')}.`;
  }

  private async check(
    label: string,
    expected: readonly ExpectedObject[],
    failure: (message: string) => Error,
  ): Promise<void> {
    const checked = await expectStored(this.objects, expected, failure);
    this.counts.set(label, (this.counts.get(label) ?? 0) + checked);
  }
}
