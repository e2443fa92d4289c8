import { createHash } from 'node:crypto';
import http from 'node:http';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { SandboxCredentials } from '../../src-main/sandbox/credentials.js';
import { SANDBOX_BUCKET } from '../../src-main/sandbox/sandbox.js';

export interface StoredObject {
  sha256: string;
  bytes: number;
}

/**
 * Reads an object back from the sandbox's S3 store and hashes it, independently of whichever client uploaded
 * it. The SDK only signs the URL (no request of its own, so no response checksum work); the download is a
 * plain streamed GET.
 */
export class StoredObjects {
  private readonly s3: S3Client;

  constructor(endpoint: string, credentials: SandboxCredentials) {
    this.s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
    });
  }

  async sha256(key: string): Promise<StoredObject> {
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: SANDBOX_BUCKET, Key: key }), {
      expiresIn: 3600,
    });
    return new Promise((resolve, reject) => {
      http
        // A connection of its own: a kept-alive one the server closed meanwhile ended a read-back in "socket hang up".
        .get(url, { agent: false }, (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            reject(new Error(`GET ${SANDBOX_BUCKET}/${key} answered ${response.statusCode}`));
            return;
          }
          const hash = createHash('sha256');
          let bytes = 0;
          response.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            bytes += chunk.length;
          });
          response.on('end', () => resolve({ sha256: hash.digest('hex'), bytes }));
          response.on('error', reject);
        })
        .on('error', reject);
    });
  }

  /** Removes a verified object (S3 DeleteObject through a presigned URL). */
  async delete(key: string): Promise<void> {
    const url = await getSignedUrl(this.s3, new DeleteObjectCommand({ Bucket: SANDBOX_BUCKET, Key: key }), {
      expiresIn: 3600,
    });
    await new Promise<void>((resolve, reject) => {
      http
        .request(url, { method: 'DELETE' }, (response) => {
          response.resume();
          if (response.statusCode === 204 || response.statusCode === 200) resolve();
          else reject(new Error(`DELETE ${SANDBOX_BUCKET}/${key} answered ${response.statusCode}`));
        })
        .on('error', reject)
        .end();
    });
  }
}
