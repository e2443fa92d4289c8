import { createHash } from 'node:crypto';
import http from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { RunningSandbox } from '../../../src-main/sandbox/sandbox.js';

/** Talks S3 to a running sandbox, as an uploader does: presigned part PUTs, SDK calls for the rest. */
export class SandboxS3 {
  private readonly client: S3Client;

  constructor(private readonly sandbox: RunningSandbox) {
    this.client = new S3Client({
      endpoint: sandbox.s3,
      region: 'us-east-1',
      credentials: sandbox.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
  }

  async createUpload(key: string): Promise<string> {
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.sandbox.bucket, Key: key }),
    );
    return created.UploadId!;
  }

  partUrl(key: string, uploadId: string, partNumber: number): Promise<string> {
    const command = new UploadPartCommand({
      Bucket: this.sandbox.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
    });
    return getSignedUrl(this.client, command, { expiresIn: 600 });
  }

  async complete(key: string, uploadId: string, etags: readonly string[]): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.sandbox.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
  }

  async sha256(key: string): Promise<string> {
    const got = await this.client.send(new GetObjectCommand({ Bucket: this.sandbox.bucket, Key: key }));
    return sha256(Buffer.from(await got.Body!.transformToByteArray()));
  }

  destroy(): void {
    this.client.destroy();
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface PutAnswer {
  status: number;
  etag: string;
}

/**
 * A part PUT held in the middle of its body: the first half is sent at once, the rest when `finish()` is
 * called, so a test can do things while the server is writing the part.
 */
export function startHeldPut(url: string, body: Buffer): { finish(): Promise<PutAnswer> } {
  const half = Math.floor(body.length / 2);
  const request = http.request(url, { method: 'PUT', headers: { 'Content-Length': body.length } });
  const answered = new Promise<PutAnswer>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      response.resume();
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, etag: String(response.headers.etag ?? '') }),
      );
    });
  });
  request.write(body.subarray(0, half));
  return {
    finish() {
      request.end(body.subarray(half));
      return answered;
    },
  };
}
