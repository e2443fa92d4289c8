/**
 * The shaped-link benchmark's own process, started by `(s)` under `unshare -n` (a private network namespace whose
 * loopback it may shape). Argument: a file holding the JSON of {@link InsideRequest}. Progress goes to stderr; the findings of
 * every link to stdout as one `SHAPED_FINDINGS <json>` line.
 */
import { readFile } from 'node:fs/promises';
import { cleanUpOnSignals, runCleanup } from '../lib/cleanup.js';
import { LINKS } from './link.js';
import { FINDINGS_MARK, PRODUCT_FAILURE_MARK, type InsideRequest } from './protocol.js';
import { measureLink, type LinkFindings } from './shaped-link-run.js';

cleanUpOnSignals();
let code = 1;
try {
  const request = JSON.parse(await readFile(process.argv[2] ?? '', 'utf8')) as InsideRequest;
  const findings: LinkFindings[] = [];
  for (const link of LINKS) findings.push(await measureLink(link, request));
  process.stdout.write(`${FINDINGS_MARK}${JSON.stringify(findings)}\n`);
  code = 0;
} catch (error) {
  process.stderr.write(
    `shaped-link benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  // The parent tells a product failure from a harness failure by this line.
  if (error instanceof Error && error.name === 'ProductFailure')
    process.stdout.write(`${PRODUCT_FAILURE_MARK}${error.message.replace(/\n/g, ' ')}\n`);
} finally {
  await runCleanup();
}
process.exit(code);
