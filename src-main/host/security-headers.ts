/**
 * The same policy as the meta tag in src-renderer/index.html (a test keeps them equal); sent as a header too so
 * it also covers responses the meta tag cannot (and frame-ancestors, which meta tags ignore).
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `${RENDERER_CSP}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The page URL carries the token: keep it out of caches.
  'cache-control': 'no-store',
};
