import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { s3Errors } from './errors.js';
import { signaturesEqual } from './safe-equal.js';
import { parseAmzDate, parseCredential, type SigV4Verifier } from './sigv4-verify.js';

/** Form fields of a browser POST, names lower-cased (S3 matches field names case-insensitively). */
export type FormFields = ReadonlyMap<string, string>;

export type PolicyCondition =
  | { kind: 'eq'; field: string; value: string; text: string }
  | { kind: 'starts-with'; field: string; prefix: string; text: string }
  | { kind: 'content-length-range'; min: number; max: number; text: string };

export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

/** Fields a policy need not mention (S3's list; `x-ignore-*` too). */
const FIELDS_EXEMPT_FROM_POLICY = new Set([
  'awsaccesskeyid',
  'signature',
  'x-amz-signature',
  'policy',
  'file',
]);

const policySchema = z.object({ expiration: z.string(), conditions: z.array(z.unknown()) });
const fieldName = z.string().regex(/^\$/);
const lengthBound = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** Decodes the base64 JSON policy document (InvalidPolicyDocument when it is not one). */
export function decodePostPolicy(policyBase64: string): PostPolicy {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
  } catch {
    throw s3Errors.invalidPolicyDocument('Invalid Policy: Invalid JSON.');
  }
  const parsed = policySchema.safeParse(document);
  if (!parsed.success)
    throw s3Errors.invalidPolicyDocument(
      'Invalid Policy: Policy must have an expiration and a conditions array.',
    );
  const expiration = new Date(parsed.data.expiration);
  if (Number.isNaN(expiration.getTime())) {
    throw s3Errors.invalidPolicyDocument(
      `Invalid Policy: Invalid 'expiration' value: '${parsed.data.expiration}'`,
    );
  }
  return { expiration, conditions: parsed.data.conditions.flatMap(parseCondition) };
}

function parseCondition(condition: unknown): PolicyCondition[] {
  const text = JSON.stringify(condition);
  const invalid = () => s3Errors.invalidPolicyDocument(`Invalid Policy: Invalid Condition: ${text}`);
  if (Array.isArray(condition)) {
    const [operator, first, second] = condition as unknown[];
    const op = typeof operator === 'string' ? operator.toLowerCase() : '';
    if (op === 'content-length-range') {
      const min = lengthBound.safeParse(first);
      const max = lengthBound.safeParse(second);
      if (condition.length !== 3 || !min.success || !max.success) throw invalid();
      return [{ kind: 'content-length-range', min: min.data, max: max.data, text }];
    }
    const field = fieldName.safeParse(first);
    if (condition.length !== 3 || !field.success || typeof second !== 'string') throw invalid();
    const name = field.data.slice(1).toLowerCase();
    if (op === 'eq') return [{ kind: 'eq', field: name, value: second, text }];
    if (op === 'starts-with') return [{ kind: 'starts-with', field: name, prefix: second, text }];
    throw invalid();
  }
  if (condition !== null && typeof condition === 'object') {
    return Object.entries(condition).map(([name, value]) => {
      if (typeof value !== 'string') throw invalid();
      return { kind: 'eq' as const, field: name.toLowerCase(), value, text };
    });
  }
  throw invalid();
}

/**
 * Checks expiry, every eq/starts-with condition (the bucket condition against the bucket actually
 * addressed) and that each form field is covered by some condition. Content length is checked once the
 * file has been received (see contentLengthLimits).
 */
export function checkPolicy(policy: PostPolicy, fields: FormFields, bucket: string, now: Date): void {
  if (now.getTime() >= policy.expiration.getTime()) throw s3Errors.policyViolation('Policy expired.');
  const valueOf = (field: string) => (field === 'bucket' ? bucket : fields.get(field));
  for (const condition of policy.conditions) {
    if (condition.kind === 'eq' && valueOf(condition.field) !== condition.value) {
      throw s3Errors.policyViolation(`Policy Condition failed: ${condition.text}`);
    }
    if (condition.kind === 'starts-with' && !(valueOf(condition.field) ?? '').startsWith(condition.prefix)) {
      throw s3Errors.policyViolation(`Policy Condition failed: ${condition.text}`);
    }
  }
  const covered = new Set(
    policy.conditions.flatMap((condition) =>
      condition.kind === 'content-length-range' ? [] : [condition.field],
    ),
  );
  const extra = [...fields.keys()].filter(
    (name) => !FIELDS_EXEMPT_FROM_POLICY.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
  );
  if (extra.length > 0) throw s3Errors.policyViolation(`Extra input fields: ${extra.join(', ')}`);
}

/** The allowed file sizes (all content-length-range conditions combined), and the condition to cite when violated. */
export function contentLengthLimits(
  policy: PostPolicy,
): { min: number; max: number; text: string } | undefined {
  const ranges = policy.conditions.filter((condition) => condition.kind === 'content-length-range');
  if (ranges.length === 0) return undefined;
  return {
    min: Math.max(...ranges.map((range) => range.min)),
    max: Math.min(...ranges.map((range) => range.max)),
    text: ranges.map((range) => range.text).join(', '),
  };
}

export interface PolicySigningContext {
  credentials: { accessKeyId: string; secretAccessKey: string };
  verifier: SigV4Verifier;
}

/**
 * Verifies the policy's signature: SigV4 (x-amz-algorithm/-credential/-date/-signature: hex HMAC-SHA256
 * of the base64 policy under the day's signing key) or V2 (AWSAccessKeyId/signature: base64
 * HMAC-SHA1(secret, base64 policy)). Returns the base64 policy that was verified.
 */
export async function verifyPolicySignature(
  fields: FormFields,
  context: PolicySigningContext,
): Promise<string> {
  const isV4 =
    fields.has('x-amz-signature') || fields.has('x-amz-algorithm') || fields.has('x-amz-credential');
  const isV2 = fields.has('awsaccesskeyid') || fields.has('signature');
  if (!isV4 && !isV2)
    throw s3Errors.accessDenied('Access Denied: anonymous POST is not allowed on this private bucket');
  const policy = fields.get('policy');
  if (!policy) throw missingField('policy');
  if (isV4) await verifyV4(policy, fields, context);
  else verifyV2(policy, fields, context);
  return policy;
}

async function verifyV4(policy: string, fields: FormFields, context: PolicySigningContext): Promise<void> {
  const algorithm = fields.get('x-amz-algorithm');
  const credential = fields.get('x-amz-credential');
  const amzDate = fields.get('x-amz-date');
  const signature = fields.get('x-amz-signature');
  if (!algorithm) throw missingField('x-amz-algorithm');
  if (!credential) throw missingField('x-amz-credential');
  if (!amzDate) throw missingField('x-amz-date');
  if (!signature) throw missingField('x-amz-signature');
  if (algorithm !== 'AWS4-HMAC-SHA256')
    throw s3Errors.invalidArgument('Only AWS4-HMAC-SHA256 is supported for x-amz-algorithm');
  const scope = parseCredential(credential);
  if (!scope) throw s3Errors.accessDenied('Invalid according to Policy: malformed x-amz-credential');
  context.verifier.checkCredentialScope(scope, (message) => s3Errors.accessDenied(message));
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(scope.date)) {
    throw s3Errors.accessDenied(
      'x-amz-date must be yyyyMMddTHHmmssZ on the day of the x-amz-credential scope',
    );
  }
  const expected = await context.verifier.signPolicy(policy, signingDate);
  if (!signaturesEqual(expected, signature.toLowerCase())) throw s3Errors.signatureDoesNotMatch();
}

function verifyV2(policy: string, fields: FormFields, context: PolicySigningContext): void {
  const accessKeyId = fields.get('awsaccesskeyid');
  const signature = fields.get('signature');
  if (!accessKeyId) throw missingField('AWSAccessKeyId');
  if (!signature) throw missingField('signature');
  if (accessKeyId !== context.credentials.accessKeyId) throw s3Errors.invalidAccessKeyId();
  const expected = createHmac('sha1', context.credentials.secretAccessKey)
    .update(policy, 'utf8')
    .digest('base64');
  if (!signaturesEqual(expected, signature)) throw s3Errors.signatureDoesNotMatch();
}

function missingField(name: string) {
  return s3Errors.invalidArgument(
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
  );
}
