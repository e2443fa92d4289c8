/**
 * Which links may leave the app for the user's browser: plain web pages only. Anything else (javascript:, file:,
 * custom schemes that launch other programs, URLs carrying credentials) is refused, because a page that could reach
 * shell.openExternal with those could run local programs or leak secrets.
 */
export function safeExternalUrl(input: unknown): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 2000) return null;
  // Control characters and spaces are never part of a link we produced; browsers would silently strip them.
  if (hasControlOrSpace(input)) return null;
  // Written out in full: no scheme-relative, backslash or slash-run forms that URL parsing would quietly repair.
  if (!/^https?:\/\/[^/\\]/i.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href;
}

function hasControlOrSpace(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
