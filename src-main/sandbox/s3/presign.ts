import { GetObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignPostV2 } from './presign-post-v2.js';
import type { PresignGetOptions, PresignPostOptions } from './types.js';

export interface PresignerOptions {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoint: () => string;
  now: () => Date;
}

/**
 * Produces the presigned POST forms, GetObject and UploadPart URLs clients use, with the AWS SDK's own signing
 * code (and Node's HMAC-SHA1 for the signature-V2 POST form, which the SDK no longer makes).
 */
export class Presigner {
  /** One client per endpoint: URLs may be signed for another host name than the store's own. */
  private readonly clients = new Map<string, S3Client>();

  constructor(private readonly options: PresignerOptions) {}

  async presignPost(
    key: string,
    opts: PresignPostOptions,
  ): Promise<{ url: string; fields: Record<string, string> }> {
    if (opts.signatureVersion === 'v2') {
      return presignPostV2({
        endpoint: this.options.endpoint(),
        bucket: this.options.bucket,
        key,
        credentials: this.options.credentials,
        expiration: new Date(this.options.now().getTime() + opts.expiresSeconds * 1000),
        maxBytes: opts.maxBytes,
      });
    }
    const s3 = this.s3Client();
    // createPresignedPost reads the time as Date.now() + the client's clock offset: point it at our clock.
    s3.config.systemClockOffset = this.options.now().getTime() - Date.now();
    const conditions: NonNullable<PresignedPostOptions['Conditions']> =
      opts.maxBytes === undefined ? [] : [['content-length-range', 0, opts.maxBytes]];
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: this.options.bucket,
      Key: key,
      Expires: opts.expiresSeconds,
      Conditions: conditions,
    });
    return { url, fields };
  }

  presignGetObject(key: string, opts: PresignGetOptions): Promise<string> {
    return getSignedUrl(
      this.s3Client(opts.endpoint),
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        ...(opts.responseContentDisposition === undefined
          ? {}
          : { ResponseContentDisposition: opts.responseContentDisposition }),
      }),
      { expiresIn: opts.expiresSeconds, signingDate: this.options.now() },
    );
  }

  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
    checksumCrc32?: string,
  ): Promise<string> {
    // A checksum stays a header the signature covers (as S3 requires of every x-amz-* header of a presigned
    // request): the PUT must carry exactly this value, and the store checks the body against it.
    const checksum = checksumCrc32 ? new Set(['x-amz-checksum-crc32']) : undefined;
    return getSignedUrl(
      this.s3Client(),
      new UploadPartCommand({
        Bucket: this.options.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        ...(checksumCrc32 ? { ChecksumCRC32: checksumCrc32 } : {}),
      }),
      {
        expiresIn: expiresSeconds,
        signingDate: this.options.now(),
        ...(checksum ? { signableHeaders: checksum, unhoistableHeaders: checksum } : {}),
      },
    );
  }

  destroy(): void {
    for (const s3 of this.clients.values()) s3.destroy();
    this.clients.clear();
  }

  /** The endpoint is only known once the server listens (and could change), so clients are made lazily. */
  private s3Client(endpoint = this.options.endpoint()): S3Client {
    const existing = this.clients.get(endpoint);
    if (existing) return existing;
    const s3 = new S3Client({
      endpoint,
      region: this.options.region,
      credentials: this.options.credentials,
      forcePathStyle: true,
      // Keeps flexible-checksum parameters out of presigned URLs; browsers and plain fetch cannot supply them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.clients.set(endpoint, s3);
    return s3;
  }
}
