import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-main/api/index.js';
import { resolveApiUrl } from '../../../src-main/api/redirects.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * Two real HTTP servers on two origins: the "API" on 127.0.0.1 and "storage" on localhost, as a server that
 * answers downloads with a 302 to a presigned S3 URL. Each records the headers it was sent.
 */
interface Seen {
  host: 'api' | 'storage';
  url: string;
  headers: IncomingHttpHeaders;
}

const BODY = Buffer.from('0123456789abcdefghij');
let seen: Seen[] = [];
let api: Server;
let storage: Server;
let apiBase = '';
let storageBase = '';

const listen = async (server: Server, host: string) => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${(server.address() as AddressInfo).port}`;
};

function serveBytes(res: ServerResponse, range: string | undefined) {
  const match = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
  if (!match) {
    res.writeHead(200, { 'Content-Length': BODY.length, ETag: '"e"' }).end(BODY);
    return;
  }
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : BODY.length - 1;
  res
    .writeHead(206, {
      'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${BODY.length}`,
      ETag: '"e"',
    })
    .end(BODY.subarray(start, end + 1));
}

beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push({ host: 'api', url: req.url ?? '', headers: req.headers });
    const url = req.url ?? '';
    if (url === '/base/S3/file/to-storage') {
      res.writeHead(302, { Location: `${storageBase}/bucket/obj?X-Amz-Signature=secret-sig` }).end();
    } else if (url === '/base/S3/file/relative') {
      res.writeHead(307, { Location: '/base/files/obj' }).end();
    } else if (url === '/base/files/obj' || url === '/back/obj') {
      serveBytes(res, req.headers.range);
    } else if (url === '/base/S3/file/loop') {
      res.writeHead(302, { Location: '/base/S3/file/loop' }).end();
    } else if (url === '/base/S3/file/no-location') {
      res.writeHead(302).end();
    } else if (url === '/base/raw/uid/uid_complete_net_prediction.xml') {
      res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<Annotations/>');
    } else {
      res.writeHead(404).end();
    }
  });
  storage = createServer((req, res) => {
    seen.push({ host: 'storage', url: req.url ?? '', headers: req.headers });
    if (req.headers.authorization) {
      res.writeHead(400).end('<Error><Message>Only one auth mechanism allowed</Message></Error>');
    } else if ((req.url ?? '').startsWith('/bucket/back')) {
      res.writeHead(302, { Location: `${apiBase}/back/obj` }).end();
    } else if ((req.url ?? '').startsWith('/raw/')) {
      res.writeHead(200).end('<Annotations>elsewhere</Annotations>');
    } else {
      serveBytes(res, req.headers.range);
    }
  });
  apiBase = await listen(api, '127.0.0.1');
  storageBase = await listen(storage, 'localhost');
});

afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  await new Promise((resolve) => storage.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const client = () => createApiClient({ baseUrl: `${apiBase}/base`, token: () => 'the-token' });

describe('downloads follow redirects and never carry the token off the API origin', () => {
  it('302 to another host: followed without Authorization, the range goes along', async () => {
    const opened = await client().openImageDownload('to-storage', { range: { start: 2, end: 5 } });
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect(opened).toMatchObject({ status: 206, contentRange: 'bytes 2-5/20', etag: '"e"' });
    expect(seen.map((s) => [s.host, s.headers.authorization, s.headers.range])).toEqual([
      ['api', 'Bearer the-token', 'bytes=2-5'],
      ['storage', undefined, 'bytes=2-5'],
    ]);
  });

  it('a relative redirect on the API origin keeps the token; the whole file downloads with progress', async () => {
    const temp = await makeTempDir();
    try {
      const target = path.join(temp.dir, 'out.bin');
      const progress: number[] = [];
      const { bytes } = await client().downloadImageToFile('relative', target, {
        onProgress: (loaded) => progress.push(loaded),
      });
      expect(bytes).toBe(BODY.length);
      expect(await readFile(target)).toEqual(BODY);
      expect(progress.at(-1)).toBe(BODY.length);
      expect(seen.map((s) => [s.url, s.headers.authorization])).toEqual([
        ['/base/S3/file/relative', 'Bearer the-token'],
        ['/base/files/obj', 'Bearer the-token'],
      ]);
    } finally {
      await temp.cleanup();
    }
  });

  it('once it left the API origin, a hop back does not get the token again', async () => {
    const api = createApiClient({ baseUrl: `${apiBase}/base`, token: () => 'the-token' });
    const xml = await api.downloadPredictionXml({
      base_raw_download_url: `${storageBase}/bucket/back`,
      image_unique_id: 'uid',
    });
    expect(xml).toBe(BODY.toString());
    expect(seen.map((s) => [s.host, s.headers.authorization])).toEqual([
      ['storage', undefined],
      ['api', undefined],
    ]);
  });

  it('more than 5 redirects, or one without a location, fail clearly without naming the signed URL', async () => {
    await expect(client().openImageDownload('loop')).rejects.toMatchObject({
      kind: 'bad-response',
      message: 'GET /S3/file/loop failed — the server answered HTTP 302 with more than 5 redirects.',
    });
    expect(seen).toHaveLength(6);
    await expect(client().openImageDownload('no-location')).rejects.toThrow(/redirect named no new location/);
  });

  it('base_raw_download_url may be relative to the API (under its base path) or absolute on another host', async () => {
    expect(
      await client().downloadPredictionXml({ base_raw_download_url: 'raw/uid', image_unique_id: 'uid' }),
    ).toBe('<Annotations/>');
    expect(seen[0]?.headers.authorization).toBe('Bearer the-token');
    expect(
      await client().downloadPredictionXml({
        base_raw_download_url: `${storageBase}/raw/uid/`,
        image_unique_id: 'uid',
      }),
    ).toBe('<Annotations>elsewhere</Annotations>');
    expect(seen[1]).toMatchObject({ host: 'storage', url: '/raw/uid/uid_complete_net_prediction.xml' });
    expect(seen[1]?.headers.authorization).toBeUndefined();
  });

  it('resolves API paths under a base URL that has a path of its own', () => {
    expect(resolveApiUrl('https://h/api/', '/S3/file/x').href).toBe('https://h/api/S3/file/x');
    expect(resolveApiUrl('https://h/api', 'raw/x').href).toBe('https://h/api/raw/x');
    expect(resolveApiUrl('https://h/api', 'https://s3.example/b/k').href).toBe('https://s3.example/b/k');
  });
});
