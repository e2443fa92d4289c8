/**
 * The sandbox's base URL under another host name (127.0.0.1 ↔ localhost, same port), for the dialects that
 * hand out URLs on "another server" (S3, a file host): the client sees a host change, as it would with the real
 * service, and must not send its API token there. Any other host name is kept: there is no second name to use.
 */
export function otherHostBase(base: string): string {
  const url = new URL(base);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  else if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.origin;
}
