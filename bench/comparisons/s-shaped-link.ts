import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { onCleanup } from '../lib/cleanup.js';
import { NotAvailable, ProductFailure } from '../lib/failures.js';
import { GiB, MiB } from '../lib/units.js';
import { LINKS, whyNoNamespace } from '../shaped/link.js';
import { FINDINGS_MARK, PRODUCT_FAILURE_MARK, type InsideRequest } from '../shaped/protocol.js';
import type { LinkFindings } from '../shaped/shaped-link-run.js';
import type { Comparison, ComparisonFindings } from './types.js';

const INSIDE = path.join(path.dirname(new URL(import.meta.url).pathname), '../shaped/inside.ts');

/** Runs bench/shaped/inside.ts in a private network namespace (same Node, same tsx loader flags as this process). */
async function runInNamespace(request: InsideRequest): Promise<LinkFindings[]> {
  // A file, not an argument: 1,000 paths and hashes are more than one argument may hold (E2BIG).
  const requestFile = path.join(request.work, 'shaped-request.json');
  await writeFile(requestFile, JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', process.execPath, ...process.execArgv, INSIDE, requestFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const forget = onCleanup(() => void child.kill('SIGTERM'));
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      forget();
      const lines = stdout.split('\n');
      const findings = lines.find((line) => line.startsWith(FINDINGS_MARK));
      const failure = lines.find((line) => line.startsWith(PRODUCT_FAILURE_MARK));
      if (code === 0 && findings) resolve(JSON.parse(findings.slice(FINDINGS_MARK.length)) as LinkFindings[]);
      else if (failure) reject(new ProductFailure(failure.slice(PRODUCT_FAILURE_MARK.length)));
      else reject(new Error(`the shaped-link process exited ${code} (its log is above)`));
    });
  });
}

export const shapedLink: Comparison = {
  id: 's',
  title: 'Shaped links: one slide and 1,000 small files over 100 Mbit/s + 40 ms and 1 Gbit/s + 20 ms',
  needs: ['curl', 'rclone'],
  fullRuns: 1,
  optIn: true,
  async run(ctx): Promise<ComparisonFindings> {
    const why = await whyNoNamespace();
    if (why) throw new NotAvailable(why);
    const slide = await ctx.files.single(ctx.quick ? 128 * MiB : GiB);
    const folder = await ctx.files.folder(ctx.quick ? 100 : 1000, MiB);
    const links = await runInNamespace({ work: ctx.work, slide, folder, runs: ctx.runs });
    return {
      method: [
        `Links: ${LINKS.map((link) => link.label).join('; ')}. ${ctx.runs} run(s) per side and link; the order of the sides rotates from run to run (with one run: as listed).`,
        'The whole comparison runs in its own network namespace (`unshare -n`, needs root or CAP_NET_ADMIN): sandbox (`--port 9000 --public-url http://127.0.0.1:8080`), a delay proxy on :8080 in front of it (bench/lib/delay-proxy.ts: every chunk forwarded RTT/2 later in each direction, in order; a new connection carries data one RTT after it was accepted) and every client. API and S3 share the port, so both go through the proxy.',
        "The link rate is tc on the namespace's loopback: an HTB class per direction at the link rate for traffic to and from :8080 (u32 match on the port); proxy → sandbox and the harness's read-back of stored objects go unshaped.",
        `One slide (${slide.size / MiB} MiB): ours in \`--mode post\` and \`--mode multipart\` (defaults), \`curl -F\` (after an untimed \`POST /Images\`) and \`rclone copyto\` (defaults, endpoint = the proxy). Fraction of link rate = file bytes ÷ wall clock from process start ÷ (link bits/s ÷ 8): HTTP and TCP/IP headers make 1.00 unreachable (~0.97–0.98 at best).`,
        `${folder.files.length} × 1 MiB: ours \`upload <folder>\` (defaults) vs \`rclone copy\` (defaults: 4 transfers).`,
        "Client CPU-s per GiB: the client process's user + system CPU (from /proc, as elsewhere) ÷ GiB uploaded.",
      ],
      tables: links.flatMap((link) =>
        link.tables.map((table, index) => ({
          ...table,
          headers:
            index === 0
              ? [`${link.link.label}: ${table.headers[0]}`, ...table.headers.slice(1)]
              : table.headers,
        })),
      ),
      verdicts: links.flatMap((link) => link.verdicts),
      notes: links.flatMap((link) => link.notes),
    };
  },
};
