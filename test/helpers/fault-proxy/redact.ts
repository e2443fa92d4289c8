/** Query parameters of presigned URLs that carry credentials; never worth keeping in a test log. */
const SECRET_QUERY_PARAM = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&#]*/gi;

/** `path?query` as received, with presigned-URL credentials replaced by "REDACTED" and nothing else touched. */
export function redactSignatures(pathAndQuery: string): string {
  return pathAndQuery.replace(SECRET_QUERY_PARAM, '$1REDACTED');
}
