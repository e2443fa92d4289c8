import type { PresignedPost } from '../../src-shared/api/index.js';

/** Re-sign this long before a policy's stated expiry, so an upload does not start on a dying policy. */
const MARGIN_MS = 60_000;

/** The policy's `expiration`, when the form carries a standard base64 JSON S3 policy. */
export function policyExpiry(presigned: PresignedPost): number | undefined {
  const encoded = presigned['policy'] ?? presigned['Policy'];
  if (!encoded) return undefined;
  try {
    const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { expiration?: unknown };
    const time = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * Presigned POSTs by image, kept in memory only (they are credentials): a retried POST reuses its record and
 * policy; an expired or forgotten one (after a restart) means a new record, since the seed API signs only there.
 */
export class PresignedPosts {
  private readonly byImage = new Map<
    string,
    { presigned: PresignedPost; lifetimeMs: number; issuedAt: number }
  >();

  remember(imageUniqueId: string, presigned: PresignedPost): void {
    const expiry = policyExpiry(presigned);
    this.byImage.set(imageUniqueId, {
      presigned,
      issuedAt: Date.now(),
      lifetimeMs: expiry ? expiry - Date.now() : Number.POSITIVE_INFINITY,
    });
  }

  /** The POST for this image if it is still usable. */
  recall(imageUniqueId: string | null): PresignedPost | undefined {
    if (!imageUniqueId) return undefined;
    const entry = this.byImage.get(imageUniqueId);
    if (!entry) return undefined;
    const margin = Math.min(MARGIN_MS, entry.lifetimeMs / 2);
    if (Date.now() > entry.issuedAt + entry.lifetimeMs - margin) {
      this.byImage.delete(imageUniqueId);
      return undefined;
    }
    return entry.presigned;
  }

  forget(imageUniqueId: string | null): void {
    if (imageUniqueId) this.byImage.delete(imageUniqueId);
  }
}
