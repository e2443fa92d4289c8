import { createHmac } from 'node:crypto';

export interface PostV2Input {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  bucket: string;
  key: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  expiration: Date;
  /** Adds a content-length-range condition (0..maxBytes), as the V4 form does when given. */
  maxBytes?: number | undefined;
}

/**
 * A signature-V2 presigned POST, as the API document's example and boto3 (signature_version 's3') make it:
 * fields key, AWSAccessKeyId, policy (base64 JSON) and signature (base64 HMAC-SHA1 of the base64 policy under
 * the secret key); the policy written as Python's json.dumps writes it, conditions on bucket and key.
 */
export function presignPostV2(input: PostV2Input): { url: string; fields: Record<string, string> } {
  const conditions: unknown[] = [
    ...(input.maxBytes === undefined ? [] : [['content-length-range', 0, input.maxBytes]]),
    { bucket: input.bucket },
    { key: input.key },
  ];
  // boto3's '%Y-%m-%dT%H:%M:%SZ': whole seconds.
  const expiration = `${input.expiration.toISOString().slice(0, 19)}Z`;
  const policy = Buffer.from(pythonJson({ expiration, conditions }), 'utf8').toString('base64');
  const signature = createHmac('sha1', input.credentials.secretAccessKey)
    .update(policy, 'utf8')
    .digest('base64');
  return {
    url: `${input.endpoint.replace(/\/+$/, '')}/${input.bucket}`,
    fields: { key: input.key, AWSAccessKeyId: input.credentials.accessKeyId, policy, signature },
  };
}

/** Python json.dumps with its defaults: ", " and ": " separators, non-ASCII escaped as \uXXXX. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([name, member]) => `${pythonJson(name)}: ${pythonJson(member)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
