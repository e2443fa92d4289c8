import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const CREDENTIALS_FILE = 's3-credentials.json';

const credentialsSchema = z.object({
  accessKeyId: z.string().regex(/^[A-Z0-9]{20}$/),
  secretAccessKey: z.string().min(40),
});
export type SandboxCredentials = z.infer<typeof credentialsSchema>;

/**
 * The S3 key pair of one sandbox data dir, made at its first start and kept in `<dataDir>/s3-credentials.json`
 * (mode 0600): a key in the source would let anything that can reach the port sign requests for every
 * sandbox. Only the process holding the data-dir lock creates it; an attacher reads what is there.
 */
export async function loadOrCreateCredentials(dataDir: string): Promise<SandboxCredentials> {
  const existing = await readSandboxCredentials(dataDir).catch(() => undefined);
  if (existing) return existing;
  const fresh: SandboxCredentials = {
    accessKeyId: `SBX${randomAlphanumeric(17)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const file = path.join(dataDir, CREDENTIALS_FILE);
  // Written whole, replacing an unreadable one; the mode is set again in case the file existed with another.
  await writeFile(file, JSON.stringify(fresh), { mode: 0o600 });
  await chmod(file, 0o600);
  return fresh;
}

/** The key pair of a data dir whose sandbox has started at least once (throws otherwise). */
export async function readSandboxCredentials(dataDir: string): Promise<SandboxCredentials> {
  const text = await readFile(path.join(dataDir, CREDENTIALS_FILE), 'utf8');
  return credentialsSchema.parse(JSON.parse(text));
}

function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
