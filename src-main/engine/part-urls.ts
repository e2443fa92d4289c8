import type { ApiClient } from '../api/index.js';

const BATCH = 50;

/**
 * Signed part URLs, fetched in batches ahead of use and refreshed before they expire (or when storage
 * refuses one as expired). A URL for a part's CRC-32 is signed for that value, so it is asked for once the part
 * has been read (one small request per part). URLs live only in memory: they are credentials.
 */
export class PartUrls {
  private readonly urls = new Map<
    number,
    { url: string; expiresAt: number; marginMs: number; checksumCrc32?: string | undefined }
  >();

  constructor(
    private readonly api: ApiClient,
    private readonly key: string,
    private readonly uploadId: string,
    private readonly partNumbers: readonly number[],
    private readonly signal: AbortSignal,
  ) {}

  /** Signing requests on the way, by part: a part's URL asked for ahead is not asked for twice. */
  private readonly pending = new Map<
    number,
    { checksumCrc32?: string | undefined; done: Promise<unknown> }
  >();

  /**
   * Starts signing a part's URL now, while earlier parts are still on the wire, so its PUT can start the moment a
   * slot frees instead of a round trip later. A failure here is not reported: `get` asks again and reports it.
   */
  prefetch(partNumber: number, checksumCrc32?: string): void {
    if (this.fresh(partNumber, checksumCrc32) || this.pending.has(partNumber)) return;
    const done = this.fetch(partNumber, checksumCrc32).catch(() => undefined);
    this.pending.set(partNumber, { checksumCrc32, done });
    void done.finally(() => {
      if (this.pending.get(partNumber)?.done === done) this.pending.delete(partNumber);
    });
  }

  async get(partNumber: number, checksumCrc32?: string): Promise<string> {
    const inFlight = this.pending.get(partNumber);
    if (inFlight && inFlight.checksumCrc32 === checksumCrc32) await inFlight.done;
    return this.fresh(partNumber, checksumCrc32) ?? this.fetch(partNumber, checksumCrc32);
  }

  /** The cached URL, if it is for this checksum and has its margin left (so it does not expire on the wire). */
  private fresh(partNumber: number, checksumCrc32: string | undefined): string | undefined {
    const cached = this.urls.get(partNumber);
    return cached && cached.checksumCrc32 === checksumCrc32 && cached.expiresAt - Date.now() > cached.marginMs
      ? cached.url
      : undefined;
  }

  private async fetch(partNumber: number, checksumCrc32: string | undefined): Promise<string> {
    if (checksumCrc32) {
      const signed = await this.api.signPart(this.key, this.uploadId, partNumber, {
        signal: this.signal,
        checksumCrc32,
      });
      this.urls.set(partNumber, { url: signed.url, ...this.lifetime(signed.expires), checksumCrc32 });
      return signed.url;
    }
    const start = this.partNumbers.indexOf(partNumber);
    const batch = start >= 0 ? this.partNumbers.slice(start, start + BATCH) : [partNumber];
    const { presignedUrls, expires } = await this.api.signParts(this.key, this.uploadId, batch, {
      signal: this.signal,
    });
    const entry = this.lifetime(expires);
    for (const [number, url] of Object.entries(presignedUrls))
      this.urls.set(Number(number), { url, ...entry });
    const url = this.urls.get(partNumber)?.url;
    if (!url) throw new Error(`The server signed no URL for part ${partNumber}.`);
    return url;
  }

  private lifetime(expiresSeconds: number): { expiresAt: number; marginMs: number } {
    const lifetimeMs = expiresSeconds * 1000;
    // Short-lived URLs still get used: the margin is at most half their lifetime.
    return { expiresAt: Date.now() + lifetimeMs, marginMs: Math.min(30_000, lifetimeMs / 2) };
  }

  invalidate(partNumber: number): void {
    this.urls.delete(partNumber);
    this.pending.delete(partNumber);
  }
}
