import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(ROOT, 'src-main', 'electron');

interface Finding {
  id: string;
  file: string;
  severity: { name: string };
  confidence: { name: string };
  location: { line: number };
  description: string;
}
type Run = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Finding[]; errors: unknown[] }>;

/** Rows of the "Accepted findings" table in SECURITY.md: check, file, explanation. */
async function acceptedFindings(): Promise<Array<{ id: string; file: string; why: string }>> {
  const text = await readFile(path.join(SOURCES, 'SECURITY.md'), 'utf8');
  const table = text.slice(text.indexOf('## Accepted findings'));
  return table
    .split('\n')
    .filter((line) => /^\|\s*[A-Z_]+\s*\|/.test(line))
    .map((line) => {
      const [id, file, why] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      return { id: id!, file: file!, why: why! };
    });
}

describe('electronegativity (static scan of the Electron shell)', () => {
  it('finds no HIGH or MEDIUM issue that SECURITY.md does not explain', { timeout: 120_000 }, async () => {
    // The CLI is broken by a hoisted commander; the programmatic runner works offline.
    const require = createRequire(import.meta.url);
    // dist/runner.js ends in `module.exports = exports.default`: the module is the function.
    const run = require('@doyensec/electronegativity/dist/runner.js') as Run;
    const result = await run(
      {
        input: SOURCES,
        output: null,
        isSarif: false,
        isRelative: true,
        customScan: [],
        // Compares the Electron version with the releases list on GitHub: needs the network, says nothing of our code.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        electronVersionOverride: (require('electron/package.json') as { version: string }).version,
      },
      false,
    );
    expect(result.errors).toEqual([]);

    const serious = result.issues.filter((issue) => ['HIGH', 'MEDIUM'].includes(issue.severity.name));
    const accepted = await acceptedFindings();
    for (const entry of accepted) expect(entry.why.length, `${entry.id}: explanation`).toBeGreaterThan(40);

    const isAccepted = (issue: Finding): boolean =>
      accepted.some((entry) => entry.id === issue.id && entry.file === issue.file);
    const unexplained = serious
      .filter((issue) => !isAccepted(issue))
      .map(
        (issue) =>
          `${issue.id} ${issue.severity.name} ${issue.file}:${issue.location.line} ${issue.description}`,
      );
    expect(unexplained).toEqual([]);

    const stale = accepted
      .filter((entry) => !serious.some((issue) => issue.id === entry.id && issue.file === entry.file))
      .map((entry) => `${entry.id} ${entry.file}`);
    expect(stale, 'SECURITY.md lists findings that no longer occur').toEqual([]);
  });
});
