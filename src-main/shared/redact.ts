/** Query parameters that carry credentials in presigned URLs or API calls. */
const SECRET_PARAMS =
  /^(x-amz-signature|x-amz-credential|x-amz-security-token|signature|awsaccesskeyid|policy|token|access_token)$/i;

/** A URL safe to show or log: credentials in its query replaced by "REDACTED". */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/([?&][^=&]*(signature|credential|token|policy)[^=&]*=)[^&]*/gi, '$1REDACTED');
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) url.searchParams.set(name, 'REDACTED');
  }
  url.username = '';
  url.password = '';
  return url.toString();
}

/** Path of a URL without query or credentials, for naming an endpoint in an error. */
export function urlPath(raw: string): string {
  try {
    return new URL(raw).pathname;
  } catch {
    return raw.split('?')[0] ?? raw;
  }
}
