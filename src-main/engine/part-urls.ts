import type { ApiClient } from '../api/index.js';

const BATCH = 50;

/**
 * Signed part URLs, fetched in batches ahead of use and refreshed before they expire (or when storage
 * refuses one as expired). URLs live only in memory: they are credentials.
 */
export class PartUrls {
  private readonly urls = new Map<number, { url: string; expiresAt: number; marginMs: number }>();

  constructor(
    private readonly api: ApiClient,
    private readonly key: string,
    private readonly uploadId: string,
    private readonly partNumbers: readonly number[],
    private readonly signal: AbortSignal,
  ) {}

  async get(partNumber: number): Promise<string> {
    const cached = this.urls.get(partNumber);
    // Keep a margin so a URL does not expire while its part is on the wire.
    if (cached && cached.expiresAt - Date.now() > cached.marginMs) return cached.url;
    const start = this.partNumbers.indexOf(partNumber);
    const batch = start >= 0 ? this.partNumbers.slice(start, start + BATCH) : [partNumber];
    const { presignedUrls, expires } = await this.api.signParts(this.key, this.uploadId, batch, {
      signal: this.signal,
    });
    const lifetimeMs = expires * 1000;
    // Short-lived URLs still get used: the margin is at most half their lifetime.
    const entry = { expiresAt: Date.now() + lifetimeMs, marginMs: Math.min(30_000, lifetimeMs / 2) };
    for (const [number, url] of Object.entries(presignedUrls))
      this.urls.set(Number(number), { url, ...entry });
    const url = this.urls.get(partNumber)?.url;
    if (!url) throw new Error(`The server signed no URL for part ${partNumber}.`);
    return url;
  }

  invalidate(partNumber: number): void {
    this.urls.delete(partNumber);
  }
}
