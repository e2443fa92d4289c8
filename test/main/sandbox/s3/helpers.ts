import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { createS3Store, type S3Store } from '../../../../src-main/sandbox/s3/index.js';

export const BUCKET = 'test-bucket';
export const REGION = 'us-east-1';
export const CREDENTIALS = {
  accessKeyId: 'AKIATESTSANDBOX00001',
  secretAccessKey: 'test-secret-key/with+chars',
};

export interface TestStore {
  store: S3Store;
  endpoint: string;
  dir: string;
  /** Replaces the store by a fresh one on the same directory, as after a process restart. */
  restart(): Promise<void>;
  /** Resolves once every request the store has been handed has been fully handled. */
  idle(): Promise<void>;
  sdk(credentials?: { accessKeyId: string; secretAccessKey: string }): S3Client;
  close(): Promise<void>;
}

/** A real store on a real HTTP server on 127.0.0.1:0, in a fresh temp directory. */
export async function startStore(options: { now?: () => Date } = {}): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 's3store-test-'));
  let endpoint = '';
  const open = () =>
    createS3Store({
      dir,
      bucket: BUCKET,
      region: REGION,
      credentials: CREDENTIALS,
      endpoint: () => endpoint,
      now: options.now,
    });
  let store = await open();
  const inFlight = new Set<Promise<unknown>>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const work = store.handle(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end('not the bucket');
      }
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: S3Client[] = [];

  const testStore: TestStore = {
    get store() {
      return store;
    },
    endpoint,
    dir,
    async restart() {
      await store.close();
      store = await open();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    sdk(credentials = CREDENTIALS) {
      const client = new S3Client({
        endpoint,
        region: REGION,
        credentials,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return testStore;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The S3 error code and message of an XML error document. */
export function parseErrorXml(xml: string): { code: string | undefined; message: string | undefined } {
  const text = (name: string) => {
    const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    return raw
      ?.replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
  return { code: text('Code'), message: text('Message') };
}

/** Buffer → a fetch/Blob body (copies into a plain ArrayBuffer-backed view). */
export function bodyOf(bytes: Buffer): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}

/** The S3 error an SDK call must fail with. */
export async function sdkError(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(S3ServiceException);
  return error as S3ServiceException;
}
