/** An S3-style failure: `code` and `status` are what S3 itself would answer with. */
export class S3StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra response headers, e.g. Content-Range on 416. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'S3StoreError';
  }
}

/** The S3 errors this store produces, with S3's own codes, statuses and (mostly) wording. */
export const s3Errors = {
  accessDenied: (message = 'Access Denied') => new S3StoreError('AccessDenied', message, 403),
  policyViolation: (detail: string) =>
    new S3StoreError('AccessDenied', `Invalid according to Policy: ${detail}`, 403),
  signatureDoesNotMatch: () =>
    new S3StoreError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    ),
  invalidAccessKeyId: () =>
    new S3StoreError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    ),
  requestExpired: () => new S3StoreError('AccessDenied', 'Request has expired', 403),
  requestNotYetValid: () => new S3StoreError('AccessDenied', 'Request is not valid yet', 403),
  requestTimeTooSkewed: () =>
    new S3StoreError(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      403,
    ),
  authorizationHeaderMalformed: (message: string) =>
    new S3StoreError('AuthorizationHeaderMalformed', message, 400),
  authorizationQueryParametersError: (message: string) =>
    new S3StoreError('AuthorizationQueryParametersError', message, 400),
  invalidRequest: (message: string) => new S3StoreError('InvalidRequest', message, 400),
  invalidArgument: (message: string) => new S3StoreError('InvalidArgument', message, 400),
  invalidUri: () => new S3StoreError('InvalidURI', "Couldn't parse the specified URI.", 400),
  keyTooLong: () => new S3StoreError('KeyTooLongError', 'Your key is too long', 400),
  noSuchKey: () => new S3StoreError('NoSuchKey', 'The specified key does not exist.', 404),
  noSuchUpload: () =>
    new S3StoreError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
    ),
  invalidPart: () =>
    new S3StoreError(
      'InvalidPart',
      "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
    ),
  invalidPartOrder: () =>
    new S3StoreError(
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      400,
    ),
  entityTooSmall: () =>
    new S3StoreError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed object size.',
      400,
    ),
  entityTooLarge: () =>
    new S3StoreError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400),
  malformedXml: () =>
    new S3StoreError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
      400,
    ),
  malformedPost: (message = 'The body of your POST request is not well-formed multipart/form-data.') =>
    new S3StoreError('MalformedPOSTRequest', message, 400),
  invalidPolicyDocument: (message: string) => new S3StoreError('InvalidPolicyDocument', message, 400),
  missingContentLength: () =>
    new S3StoreError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411),
  incompleteBody: () =>
    new S3StoreError(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header.',
      400,
    ),
  invalidDigest: () => new S3StoreError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400),
  badChecksum: (algorithm: string) =>
    new S3StoreError(
      'BadDigest',
      `The ${algorithm} you specified did not match the calculated checksum.`,
      400,
    ),
  badDigest: () =>
    new S3StoreError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  sha256Mismatch: () =>
    new S3StoreError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      400,
    ),
  invalidRange: (size?: number) =>
    new S3StoreError(
      'InvalidRange',
      'The requested range is not satisfiable',
      416,
      size === undefined ? {} : { 'Content-Range': `bytes */${size}` },
    ),
  methodNotAllowed: () =>
    new S3StoreError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405),
  notImplemented: (message: string) => new S3StoreError('NotImplemented', message, 501),
  internal: () =>
    new S3StoreError('InternalError', 'We encountered an internal error. Please try again.', 500),
  /** The object's manifest names bytes the store no longer has: refused rather than served short. */
  storedBytesLost: (detail: string) =>
    new S3StoreError('InternalError', `We encountered an internal error: ${detail}.`, 500),
};

export function isS3StoreError(error: unknown): error is S3StoreError {
  return error instanceof S3StoreError;
}
