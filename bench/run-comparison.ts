import type { BenchContext, Comparison, Tool } from './comparisons/types.js';
import { wasInterrupted } from './lib/cleanup.js';
import { NotAvailable, ProductFailure } from './lib/failures.js';
import { progress } from './lib/log.js';
import type { ComparisonReport } from './report/markdown.js';

const INSTALL_HINT = 'apt-get update && apt-get install -y rclone curl';

/**
 * Runs one comparison and turns whatever happens into a report: PASS/FAIL from its verdicts, FAIL when our CLI
 * misbehaved (with the reason), ERROR when the harness or a reference tool broke, SKIPPED when a tool is missing.
 */
export async function runComparison(
  comparison: Comparison,
  ctx: BenchContext,
  installed: ReadonlySet<Tool>,
): Promise<ComparisonReport> {
  const base = { id: comparison.id, title: comparison.title, runs: ctx.runs };
  const missing = comparison.needs.filter((tool) => !installed.has(tool));
  if (missing.length > 0)
    return {
      ...base,
      status: 'SKIPPED',
      seconds: 0,
      problem: `${missing.join(' and ')} not installed (${INSTALL_HINT})`,
    };

  progress(`(${comparison.id}) ${comparison.title}: ${ctx.runs} run(s) per side`);
  const startedAt = performance.now();
  const seconds = () => (performance.now() - startedAt) / 1000;
  try {
    const findings = await comparison.run(ctx);
    const failed = findings.verdicts.some((verdict) => verdict.pass === false);
    const report: ComparisonReport = {
      ...base,
      status: failed ? 'FAIL' : 'PASS',
      seconds: seconds(),
      findings,
    };
    progress(`(${comparison.id}) ${report.status} in ${seconds().toFixed(0)} s`);
    return report;
  } catch (error) {
    if (wasInterrupted()) return { ...base, status: 'ERROR', seconds: seconds(), problem: 'interrupted' };
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NotAvailable) {
      progress(`(${comparison.id}) SKIPPED: ${message}`);
      return { ...base, status: 'SKIPPED', seconds: seconds(), problem: message };
    }
    const status = error instanceof ProductFailure ? 'FAIL' : 'ERROR';
    progress(`(${comparison.id}) ${status}: ${message}`);
    if (status === 'ERROR' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return { ...base, status, seconds: seconds(), problem: message };
  }
}
