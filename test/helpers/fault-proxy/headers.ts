/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1). Transfer-Encoding is one too, but it
 * is forwarded as received so the target sees the same framing the client chose (Node re-chunks the body itself).
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * `rawHeaders` (name, value, name, value…) without hop-by-hop headers, including any the Connection header names.
 * Everything else — Host above all, which presigned S3 signatures cover — passes unchanged, in order.
 */
export function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const dropped = new Set(HOP_BY_HOP);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== 'connection') continue;
    for (const token of rawHeaders[i + 1]?.split(',') ?? []) dropped.add(token.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const value = rawHeaders[i + 1];
    if (name === undefined || value === undefined || dropped.has(name.toLowerCase())) continue;
    kept.push(name, value);
  }
  return kept;
}
