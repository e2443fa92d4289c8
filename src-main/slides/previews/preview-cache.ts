import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** 200 MiB: thousands of previews (each 10–40 KiB), a sliver of a state dir that holds upload state anyway. */
export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;

/** What a cache entry says about its picture; `missing` entries remember that a slide has no such picture. */
const entryHeaderSchema = z.object({
  version: z.literal(1),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  source: z.enum(['associated', 'smallest-level']).optional(),
  missing: z.string().optional(),
  sha256: z.string(),
});

export type CachedPreview = Omit<z.output<typeof entryHeaderSchema>, 'version' | 'sha256'> & {
  bytes: Buffer;
};

/**
 * Previews on disk, one file per key (content fingerprint + kind): a JSON header line, then the WebP bytes. The
 * header's SHA-256 of the bytes tells a damaged entry (a disk error, a crash mid-copy) from a good one without
 * decoding it; a damaged entry is removed and made again. Entries are written whole (temporary file, rename).
 * The least recently used entries go once the folder holds more than `maxBytes`.
 */
export class PreviewCache {
  private knownBytes: number | undefined;

  constructor(
    readonly dir: string,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  async get(key: string): Promise<CachedPreview | undefined> {
    const file = this.fileOf(key);
    const content = await readFile(file).catch(() => undefined);
    if (!content) return undefined;
    const parsed = parseEntry(content);
    if (!parsed) {
      await rm(file, { force: true });
      this.knownBytes = undefined;
      return undefined;
    }
    // Reading is a use: the modification time is the LRU clock (atime is often not kept).
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return parsed;
  }

  async put(key: string, entry: CachedPreview): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const header = {
      version: 1,
      width: entry.width,
      height: entry.height,
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.missing === undefined ? {} : { missing: entry.missing }),
      sha256: sha256(entry.bytes),
    };
    const content = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), entry.bytes]);
    const file = this.fileOf(key);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, file);
    this.knownBytes = this.knownBytes === undefined ? undefined : this.knownBytes + content.length;
    await this.trim();
  }

  private fileOf(key: string): string {
    return path.join(this.dir, `${key}.preview`);
  }

  /** Drops the least recently used entries until the folder is back under 90 % of its bound. */
  private async trim(): Promise<void> {
    if (this.knownBytes !== undefined && this.knownBytes <= this.maxBytes) return;
    const names = await readdir(this.dir).catch(() => []);
    const entries = (
      await Promise.all(
        names
          .filter((name) => name.endsWith('.preview'))
          .map(async (name) => {
            const info = await stat(path.join(this.dir, name)).catch(() => undefined);
            return info ? { name, size: info.size, used: info.mtimeMs } : undefined;
          }),
      )
    ).filter((entry) => entry !== undefined);
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    if (total > this.maxBytes) {
      const target = this.maxBytes * 0.9;
      for (const entry of entries.sort((a, b) => a.used - b.used)) {
        if (total <= target) break;
        await rm(path.join(this.dir, entry.name), { force: true });
        total -= entry.size;
      }
    }
    this.knownBytes = total;
  }
}

function parseEntry(content: Buffer): CachedPreview | undefined {
  const newline = content.indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: z.output<typeof entryHeaderSchema>;
  try {
    const parsed = entryHeaderSchema.safeParse(JSON.parse(content.subarray(0, newline).toString('utf8')));
    if (!parsed.success) return undefined;
    header = parsed.data;
  } catch {
    return undefined;
  }
  const bytes = content.subarray(newline + 1);
  if (sha256(bytes) !== header.sha256) return undefined;
  const { version: _version, sha256: _sha, ...rest } = header;
  return { ...rest, bytes };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
