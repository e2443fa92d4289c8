import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface PresignerOptions {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoint: () => string;
  now: () => Date;
}

/** Produces the presigned POST forms and UploadPart URLs clients use, with the AWS SDK's own signing code. */
export class Presigner {
  private client: { endpoint: string; s3: S3Client } | undefined;

  constructor(private readonly options: PresignerOptions) {}

  async presignPost(
    key: string,
    opts: { expiresSeconds: number; maxBytes?: number },
  ): Promise<{ url: string; fields: Record<string, string> }> {
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

  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
  ): Promise<string> {
    return getSignedUrl(
      this.s3Client(),
      new UploadPartCommand({
        Bucket: this.options.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
      }),
      { expiresIn: expiresSeconds, signingDate: this.options.now() },
    );
  }

  destroy(): void {
    this.client?.s3.destroy();
    this.client = undefined;
  }

  /** The endpoint is only known once the server listens (and could change), so the client is made lazily. */
  private s3Client(): S3Client {
    const endpoint = this.options.endpoint();
    if (this.client?.endpoint !== endpoint) {
      this.client?.s3.destroy();
      const s3 = new S3Client({
        endpoint,
        region: this.options.region,
        credentials: this.options.credentials,
        forcePathStyle: true,
        // Keeps flexible-checksum parameters out of presigned URLs; browsers and plain fetch cannot supply them.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      this.client = { endpoint, s3 };
    }
    return this.client.s3;
  }
}
