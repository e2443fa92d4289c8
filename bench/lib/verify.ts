import type { StoredObjects } from './stored-object.js';
import type { SourceFile } from './test-files.js';

export interface ExpectedObject {
  key: string;
  source: SourceFile;
}

/**
 * Downloads each object and compares its SHA-256 and size with the source file's, then deletes it; returns one
 * line per mismatch (empty when all match). Deleting keeps the page cache from filling up with earlier runs'
 * objects: on this VM a growing page cache made the sandbox's writes cost up to 4× the kernel time, so later runs
 * would pay for earlier ones. A few objects at a time: the 1,000-file folder would take long one by one.
 */
export async function findMismatches(
  objects: StoredObjects,
  expected: readonly ExpectedObject[],
  concurrency = 8,
): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < expected.length) {
      const { key, source } = expected[next++]!;
      try {
        const stored = await objects.sha256(key);
        if (stored.sha256 !== source.sha256 || stored.bytes !== source.size)
          problems.push(
            `${source.name}: stored ${stored.bytes} bytes with SHA-256 ${stored.sha256}, expected ${source.size} bytes with ${source.sha256}`,
          );
        await objects.delete(key);
      } catch (error) {
        problems.push(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, expected.length) }, worker));
  return problems;
}

/** Throws `failure(message)` unless every object held its source's bytes; returns how many were checked. */
export async function expectStored(
  objects: StoredObjects,
  expected: readonly ExpectedObject[],
  failure: (message: string) => Error,
): Promise<number> {
  const problems = await findMismatches(objects, expected);
  if (problems.length > 0)
    throw failure(
      `${problems.length} of ${expected.length} stored object(s) differ from the source: ${problems.slice(0, 3).join('; ')}`,
    );
  return expected.length;
}
