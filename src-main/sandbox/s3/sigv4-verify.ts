import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { s3Errors, type S3StoreError } from './errors.js';
import { headerValue } from './http-headers.js';
import { queryValue, type QueryParams, type RequestTarget } from './request-target.js';
import { signaturesEqual } from './safe-equal.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
const CONTENT_SHA256_HEADER = 'x-amz-content-sha256';

export interface VerifierOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  now: () => Date;
}

export interface RequestAuth {
  /** Lowercase hex SHA-256 the body must hash to, when the client signed its payload; undefined for UNSIGNED-PAYLOAD. */
  payloadSha256?: string;
}

export interface CredentialScope {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
  terminator: string;
}

/**
 * Verifies SigV4 requests by recomputing their signature with the AWS SDK's own SignatureV4 (the same
 * code clients sign with), from the request as received: method, raw path, query, the signed headers.
 */
export class SigV4Verifier {
  private readonly signer: SignatureV4;

  constructor(private readonly options: VerifierOptions) {
    // S3 signs the path as sent (no second URI-encoding) and does not add a payload hash header itself.
    this.signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /** Authenticates a REST request by Authorization header or presigned query; throws an S3StoreError otherwise. */
  async verify(req: IncomingMessage, target: RequestTarget): Promise<RequestAuth> {
    if (/aws-chunked/i.test(req.headers['content-encoding'] ?? '')) throw streamingNotImplemented();
    const authorization = req.headers.authorization;
    if (queryValue(target.query, 'X-Amz-Algorithm') !== undefined)
      return this.verifyPresignedQuery(req, target);
    if (authorization?.startsWith(`${ALGORITHM} `))
      return this.verifyAuthorizationHeader(req, target, authorization);
    if (authorization !== undefined || queryValue(target.query, 'Signature') !== undefined) {
      throw s3Errors.invalidRequest(
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    }
    throw s3Errors.accessDenied('Access Denied: this bucket is private and the request is not signed');
  }

  /** Hex HMAC-SHA256 of a POST policy under the SigV4 signing key of `date`'s day, region and 's3'. */
  signPolicy(policyBase64: string, date: Date): Promise<string> {
    return this.signer.sign(policyBase64, {
      signingDate: date,
      signingRegion: this.options.region,
      signingService: 's3',
    });
  }

  /** Checks the credential names our key, region and service; `malformed` builds the error for a bad scope. */
  checkCredentialScope(scope: CredentialScope, malformed: (message: string) => S3StoreError): void {
    if (scope.accessKeyId !== this.options.credentials.accessKeyId) throw s3Errors.invalidAccessKeyId();
    if (scope.region !== this.options.region) {
      throw malformed(
        `Credential should be scoped to a valid region: '${scope.region}' is wrong; expecting '${this.options.region}'`,
      );
    }
    if (scope.service !== 's3' || scope.terminator !== 'aws4_request' || !/^\d{8}$/.test(scope.date)) {
      throw malformed('The credential scope is malformed; expecting "<YYYYMMDD>/<region>/s3/aws4_request".');
    }
  }

  private async verifyAuthorizationHeader(
    req: IncomingMessage,
    target: RequestTarget,
    authorization: string,
  ): Promise<RequestAuth> {
    const malformed = s3Errors.authorizationHeaderMalformed;
    const parsed = parseAuthorizationHeader(authorization);
    if (!parsed) throw malformed('The authorization header is malformed.');
    this.checkCredentialScope(parsed.scope, malformed);
    const amzDate = headerValue(req, 'x-amz-date');
    const signingDate = parseAmzDate(amzDate);
    if (!amzDate || !signingDate) {
      throw s3Errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    }
    if (parsed.scope.date !== amzDate.slice(0, 8)) {
      throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
    }
    if (Math.abs(this.options.now().getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
      throw s3Errors.requestTimeTooSkewed();
    }
    const contentSha256 = headerValue(req, CONTENT_SHA256_HEADER);
    if (contentSha256 === undefined) {
      throw s3Errors.invalidRequest(`Missing required header for this request: ${CONTENT_SHA256_HEADER}`);
    }
    const payloadSha256 = classifyPayloadHash(contentSha256);

    const signed = new Set(parsed.signedHeaders);
    const headers = signedHeaderValues(req, parsed.signedHeaders);
    // Always present so the signer uses it as the payload hash; only canonicalised when it was signed.
    headers[CONTENT_SHA256_HEADER] = contentSha256;
    const unsigned = new Set([CONTENT_SHA256_HEADER, 'x-amz-date'].filter((name) => !signed.has(name)));
    const recomputed = await this.signer.sign(
      new HttpRequest({
        method: req.method ?? 'GET',
        protocol: 'http:',
        hostname: '',
        path: target.rawPath,
        query: target.query,
        headers,
      }),
      {
        signingDate,
        signingRegion: parsed.scope.region,
        signingService: 's3',
        signableHeaders: signed,
        unsignableHeaders: unsigned,
      },
    );
    const expected = /Signature=([0-9a-f]+)/.exec(recomputed.headers.authorization ?? '')?.[1] ?? '';
    if (!signaturesEqual(expected, parsed.signature)) throw s3Errors.signatureDoesNotMatch();
    return { payloadSha256 };
  }

  private async verifyPresignedQuery(req: IncomingMessage, target: RequestTarget): Promise<RequestAuth> {
    const malformed = s3Errors.authorizationQueryParametersError;
    const param = (name: string) => queryValue(target.query, name);
    if (param('X-Amz-Algorithm') !== ALGORITHM)
      throw malformed(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
    const credential = param('X-Amz-Credential');
    const amzDate = param('X-Amz-Date');
    const expires = param('X-Amz-Expires');
    const signedHeaderList = param('X-Amz-SignedHeaders');
    const signature = param('X-Amz-Signature');
    if (!credential || !amzDate || !expires || !signedHeaderList || !signature) {
      throw malformed(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    const scope = parseCredential(credential);
    if (!scope) throw malformed('Error parsing the X-Amz-Credential parameter.');
    this.checkCredentialScope(scope, malformed);
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate)
      throw malformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    if (scope.date !== amzDate.slice(0, 8))
      throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
    const expiresIn = /^\d+$/.test(expires) ? Number(expires) : Number.NaN;
    if (!(expiresIn >= 1 && expiresIn <= MAX_PRESIGNED_SECONDS)) {
      throw malformed(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_SECONDS}`);
    }
    const now = this.options.now().getTime();
    if (now > signingDate.getTime() + expiresIn * 1000) throw s3Errors.requestExpired();
    if (signingDate.getTime() - now > MAX_CLOCK_SKEW_MS) throw s3Errors.requestNotYetValid();

    const signedNames = signedHeaderList.split(';').filter((name) => name !== '');
    const signed = new Set(signedNames);
    // As S3: every x-amz-* header of a presigned request is covered by its signature (a checksum header the URL
    // was not signed for would otherwise let anyone holding the URL choose what the store verifies).
    const unsignedAmz = Object.keys(req.headers).filter(
      (name) => name.startsWith('x-amz-') && name !== CONTENT_SHA256_HEADER && !signed.has(name),
    );
    if (unsignedAmz.length > 0) {
      throw s3Errors.accessDenied(
        `There were headers present in the request which were not signed: ${unsignedAmz.join(', ')}`,
      );
    }
    const headers = signedHeaderValues(req, signedNames);
    // Presigned S3 URLs sign UNSIGNED-PAYLOAD unless the client put a hash in a signed header or the query.
    const payloadHash = headers[CONTENT_SHA256_HEADER] ?? param('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
    const payloadSha256 = classifyPayloadHash(payloadHash);
    headers[CONTENT_SHA256_HEADER] = payloadHash;
    const query: QueryParams = { ...target.query };
    delete query['X-Amz-Signature'];
    const recomputed = await this.signer.presign(
      new HttpRequest({
        method: req.method ?? 'GET',
        protocol: 'http:',
        hostname: '',
        path: target.rawPath,
        query,
        headers,
      }),
      {
        signingDate,
        expiresIn,
        signingRegion: scope.region,
        signingService: 's3',
        signableHeaders: signed,
        unsignableHeaders: signed.has(CONTENT_SHA256_HEADER) ? new Set() : new Set([CONTENT_SHA256_HEADER]),
        // Headers that were signed arrived as headers; keep them there instead of moving them into the query.
        unhoistableHeaders: new Set([...signedNames, CONTENT_SHA256_HEADER]),
      },
    );
    const recomputedSignature = recomputed.query?.['X-Amz-Signature'];
    const expected = typeof recomputedSignature === 'string' ? recomputedSignature : '';
    if (!signaturesEqual(expected, signature)) throw s3Errors.signatureDoesNotMatch();
    return { payloadSha256 };
  }
}

/** `<accessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request` */
export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  return { accessKeyId, date, region, service, terminator };
}

/** `YYYYMMDDTHHMMSSZ` → Date. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hours, minutes, seconds));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseAuthorizationHeader(
  header: string,
): { scope: CredentialScope; signedHeaders: string[]; signature: string } | undefined {
  const credential = /Credential=([^,\s]+)/.exec(header)?.[1];
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(header)?.[1];
  const signature = /Signature=([0-9a-fA-F]+)/.exec(header)?.[1];
  const scope = credential === undefined ? undefined : parseCredential(credential);
  if (!scope || !signedHeaders || !signature) return undefined;
  return { scope, signedHeaders: signedHeaders.toLowerCase().split(';'), signature: signature.toLowerCase() };
}

/** Values of the signed headers as SigV4 canonicalises repeated headers: joined with commas. */
function signedHeaderValues(req: IncomingMessage, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const values = req.headersDistinct[name];
    if (values && values.length > 0) headers[name] = values.map((value) => value.trim()).join(',');
  }
  return headers;
}

/** UNSIGNED-PAYLOAD → undefined; hex → lowercase hex; aws-chunked streaming → 501; anything else → 400. */
function classifyPayloadHash(value: string): string | undefined {
  if (value === UNSIGNED_PAYLOAD) return undefined;
  if (value.startsWith('STREAMING-')) throw streamingNotImplemented();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  throw s3Errors.invalidArgument(
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a valid sha256 value.',
  );
}

function streamingNotImplemented(): S3StoreError {
  return s3Errors.notImplemented(
    'aws-chunked (STREAMING-*) payload signing is not supported by the sandbox S3 store; sign the payload as UNSIGNED-PAYLOAD or with its hex SHA-256 (AWS SDK: requestChecksumCalculation WHEN_REQUIRED).',
  );
}
