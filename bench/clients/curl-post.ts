import { cleanEnv } from '../lib/clean-env.js';
import { ReferenceFailure } from '../lib/failures.js';
import { runMeasured, type MeasuredRun } from '../lib/measured-process.js';

export interface PresignedPostForm {
  url: string;
  /** Name/value pairs in the order the server returned them. */
  fields: Array<[string, string]>;
}

export interface ImageRecord {
  uid: string;
  post: PresignedPostForm;
}

/** `POST /Images` (not timed): the image record and the presigned POST that curl then uses. */
export async function createImageRecord(api: string, fileName: string): Promise<ImageRecord> {
  const response = await fetch(`${api}/Images`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename: fileName, userid: 19 }),
  });
  if (!response.ok)
    throw new ReferenceFailure(`POST /Images answered ${response.status}: ${await response.text()}`);
  // Parsed by hand (not through the zod schema) so the fields keep exactly the server's names, values and order.
  const body = (await response.json()) as { image_unique_id: string; response: Record<string, string> };
  const { url, ...fields } = body.response;
  if (!url) throw new ReferenceFailure('POST /Images returned no presigned POST url');
  return { uid: body.image_unique_id, post: { url, fields: Object.entries(fields) } };
}

/**
 * `curl -sS -o /dev/null -w '%{http_code}' -F <field>… -F file=@<file> <url>`. The fields go as --form-string,
 * which is -F without curl's special reading of values starting with @ or < or holding ";type=": same bytes on the
 * wire, no surprises from a policy or signature value.
 */
export async function curlPostFile(post: PresignedPostForm, filePath: string): Promise<MeasuredRun> {
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}'];
  for (const [name, value] of post.fields) args.push('--form-string', `${name}=${value}`);
  args.push('-F', `file=@${filePath}`, post.url);
  const run = await runMeasured('curl', args, { env: cleanEnv(), timeoutMs: 30 * 60_000 });
  if (run.code !== 0 || !/^2\d\d$/.test(run.stdout.trim()))
    throw new ReferenceFailure(
      `curl exited ${run.code} with HTTP ${run.stdout.trim()}: ${run.stderr.trim()}`,
    );
  return run;
}
