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
  /** Per image: the POST and when to stop using it (its expiry less a margin; never, if it states none). */
  private readonly byImage = new Map<string, { presigned: PresignedPost; usableUntil: number }>();

  remember(imageUniqueId: string, presigned: PresignedPost): void {
    const expiry = policyExpiry(presigned);
    // Short-lived policies (tests) still get used: the margin is at most half their lifetime.
    const usableUntil =
      expiry === undefined
        ? Number.POSITIVE_INFINITY
        : expiry - Math.min(MARGIN_MS, (expiry - Date.now()) / 2);
    this.byImage.set(imageUniqueId, { presigned, usableUntil });
  }

  /** The POST for this image if it is still usable. */
  recall(imageUniqueId: string | null): PresignedPost | undefined {
    if (!imageUniqueId) return undefined;
    const entry = this.byImage.get(imageUniqueId);
    if (entry && Date.now() > entry.usableUntil) this.byImage.delete(imageUniqueId);
    return entry && Date.now() <= entry.usableUntil ? entry.presigned : undefined;
  }

  forget(imageUniqueId: string | null): void {
    if (imageUniqueId) this.byImage.delete(imageUniqueId);
  }
}
