import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../../src-main');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The structure the job store stands for, checked on the source so a shortcut cannot creep back in. */
describe('one writer of job rows', () => {
  it('only the job store opens the jobs repository, and only the repository holds SQL that writes jobs', async () => {
    const files = await sources(SRC);
    const openers: string[] = [];
    const writers: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const name = path.relative(SRC, file);
      if (/new JobsRepo\(/.test(text)) openers.push(name);
      if (/(UPDATE jobs|INSERT INTO jobs|DELETE FROM jobs)\b/.test(text)) writers.push(name);
    }
    expect(openers).toEqual([path.join('engine', 'job-store.ts')]);
    // Besides the repository, only the schema's migrations (run as the file opens, before any store exists) may
    // fill in a new column for the rows already there.
    expect(writers).toEqual([
      path.join('engine', 'db', 'jobs-repo.ts'),
      path.join('engine', 'db', 'migrations.ts'),
    ]);
  });

  it('the engine writes no job row itself: no repository, no SQL, every change through the store', async () => {
    const engine = await readFile(path.join(SRC, 'engine', 'engine.ts'), 'utf8');
    expect(engine).not.toMatch(/JobsRepo|jobs-repo|\.update\(|statement\(/);
  });
});
