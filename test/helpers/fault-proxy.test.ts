import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type ProxyLogEntry } from './fault-proxy.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';
import { waitFor } from './wait.js';

interface CreatedImage {
  id: number;
  image_unique_id: string;
  filename: string;
  response: Record<string, string>;
}

/** The proxy in front of a real sandbox, wired as the upload tests will use it. */
describe('the fault proxy in front of the sandbox', () => {
  let proxy: FaultProxy;
  let sandbox: TestSandbox;

  beforeAll(async () => {
    proxy = await startFaultProxy();
    sandbox = await startTestSandbox({ publicUrl: proxy.url });
    proxy.setTarget(sandbox.listening);
  });
  afterEach(async () => {
    proxy.clear();
    await proxy.up(); // in case a test left it down
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.dispose();
  });

  const api = (path: string, init?: RequestInit) => fetch(`${proxy.url}${path}`, init);
  /** Log entries added while `run` ran. */
  const logDuring = async (run: () => Promise<unknown>): Promise<ProxyLogEntry[]> => {
    const start = proxy.log.length;
    await run();
    return proxy.log.slice(start);
  };

  const createImage = async (filename: string): Promise<CreatedImage> => {
    const response = await api('/Images', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename, userid: 19, patient_id: 1, entity_id: 4 }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as CreatedImage;
  };
  /** The presigned-POST upload, fields first and the file last, to wherever the sandbox said (the proxy). */
  const postFile = (presigned: Record<string, string>, bytes: Buffer): Promise<Response> => {
    const { url, ...fields } = presigned;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([bytes]), 'slide.svs');
    return fetch(url!, { method: 'POST', body: form });
  };
  /** The low-level code under fetch's "fetch failed" (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET…). */
  const failureCode = async (request: Promise<Response>): Promise<string> => {
    const error = await request.then(
      (response) => new Error(`expected a connection failure, got HTTP ${response.status}`),
      (caught: unknown) => caught,
    );
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    if (typeof cause?.code !== 'string') throw error;
    return cause.code;
  };
  const CONNECTION_DROPPED = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/;

  describe('plain forwarding', () => {
    it('passes a JSON call through and logs it', async () => {
      const entries = await logDuring(async () => {
        const response = await api('/LogInfo');
        expect(response.status).toBe(200);
        expect(Array.isArray(await response.json())).toBe(true);
      });
      expect(entries).toEqual([
        { method: 'GET', url: '/LogInfo', outcome: 'forwarded 200', requestBytes: 0, at: expect.any(Number) },
      ]);
    });

    // A POST policy signature does not cover Host, so this proves streaming and the form fields, not Host.
    it('streams a presigned POST upload of a few MiB through, and the download back byte-identical', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 11);
      const image = await createImage('round-trip.svs');
      expect(image.response.url).toBe(`${proxy.url}/${sandbox.bucket}`);

      const entries = await logDuring(async () =>
        expect((await postFile(image.response, bytes)).status).toBe(204),
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        method: 'POST',
        url: `/${sandbox.bucket}`,
        outcome: 'forwarded 204',
      });
      expect(entries[0]!.requestBytes).toBeGreaterThan(bytes.length);

      const download = await api(`/S3/file/${image.image_unique_id}`);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    });

    // A query-signed URL covers Host, path and query: rewriting any of them makes the sandbox refuse the PUT.
    it('keeps Host, path and query, so a query-signed part PUT verifies; the log redacts its signature', async () => {
      const image = await createImage('multipart.svs');
      const started = await api('/S3/multipart', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ imageid: image.image_unique_id }),
      });
      const { uploadId } = (await started.json()) as { uploadId: string };
      const signed = await api(
        `/S3/multipart/${encodeURIComponent(uploadId)}/1?key=${encodeURIComponent(image.image_unique_id)}`,
      );
      const { url } = (await signed.json()) as { url: string };
      expect(url.startsWith(`${proxy.url}/`)).toBe(true);
      const signature = new URL(url).searchParams.get('X-Amz-Signature');
      expect(signature).toMatch(/^[0-9a-f]{64}$/);

      const part = randomBytes(64 * 1024);
      const [entry] = await logDuring(async () => {
        const put = await fetch(url, { method: 'PUT', body: part });
        expect(put.status).toBe(200);
        expect(put.headers.get('etag')).toBeTruthy();
      });
      expect(entry).toMatchObject({ method: 'PUT', outcome: 'forwarded 200', requestBytes: part.length });
      expect(entry!.url).toContain('X-Amz-Signature=REDACTED');
      expect(entry!.url).toContain('X-Amz-Credential=REDACTED');
      expect(entry!.url).toContain('partNumber=1');
      expect(entry!.url).not.toContain(signature);
      expect(entry!.url).not.toContain('SANDBOXACCESSKEY');
    });
  });

  describe('status faults', () => {
    it('answers 503 once, then forwards again', async () => {
      proxy.inject({
        match: { method: 'GET', url: /^GET \/LogInfo$/ },
        fault: { type: 'status', status: 503 },
      });
      expect((await api('/LogInfo')).status).toBe(503);
      expect((await api('/LogInfo')).status).toBe(200);
      expect(proxy.log.slice(-2).map((entry) => entry.outcome)).toEqual(['status 503', 'forwarded 200']);
    });

    it('applies a rule `times` times, with its headers and body', async () => {
      proxy.inject({
        match: { url: /\/LogInfo/ },
        fault: { type: 'status', status: 429, headers: { 'Retry-After': '2' }, body: 'slow down' },
        times: 2,
      });
      for (let i = 0; i < 2; i++) {
        const limited = await api('/LogInfo');
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('2');
        expect(await limited.text()).toBe('slow down');
      }
      expect((await api('/LogInfo')).status).toBe(200);
    });

    it('checks rules in insertion order, matches the method, and serves JSON bodies as JSON', async () => {
      const unauthorized = JSON.stringify({ success: false, msg: 'Token expired' });
      proxy.inject({ match: { method: 'POST' }, fault: { type: 'status', status: 500 } });
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'status', status: 401, body: unauthorized } });
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'status', status: 418 } });

      const first = await api('/LogInfo');
      expect(first.status).toBe(401);
      expect(first.headers.get('content-type')).toBe('application/json');
      expect(await first.json()).toEqual({ success: false, msg: 'Token expired' });
      expect((await api('/LogInfo')).status).toBe(418);
      expect((await api('/LogInfo')).status).toBe(200); // the POST rule never matched a GET
    });

    it('keeps an Infinity rule until it is removed', async () => {
      const remove = proxy.inject({ match: {}, fault: { type: 'status', status: 503 }, times: Infinity });
      for (let i = 0; i < 3; i++) expect((await api('/LogInfo')).status).toBe(503);
      remove();
      expect((await api('/LogInfo')).status).toBe(200);
    });
  });

  describe('connection faults', () => {
    it('resets the connection mid-upload after the given request bytes; a retry then succeeds', async () => {
      const bytes = randomBytes(4 * 1024 * 1024);
      const image = await createImage('reset-mid-upload.svs');
      proxy.inject({
        match: { method: 'POST', url: new RegExp(`^POST /${sandbox.bucket}`) },
        fault: { type: 'reset-after-request-bytes', bytes: 1024 * 1024 },
      });

      expect(await failureCode(postFile(image.response, bytes))).toMatch(CONNECTION_DROPPED);
      expect(proxy.log.at(-1)).toMatchObject({
        method: 'POST',
        outcome: 'reset after 1048576 request bytes',
        requestBytes: 1024 * 1024,
      });
      expect((await api(`/S3/file/${image.image_unique_id}`)).status).toBe(404); // nothing half-stored

      expect((await postFile(image.response, bytes)).status).toBe(204);
      const download = await api(`/S3/file/${image.image_unique_id}`);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('drops the answer of a request the server did process (POST /Images)', async () => {
      const filename = `lost-answer-${Date.now()}.svs`;
      proxy.inject({
        match: { method: 'POST', url: /^POST \/Images$/ },
        fault: { type: 'reset-before-response' },
      });

      const created = api('/Images', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ filename, userid: 19 }),
      });
      expect(await failureCode(created)).toMatch(CONNECTION_DROPPED);
      expect(proxy.log.at(-1)?.outcome).toBe('reset before response (upstream 200)');

      const listed = (await (await api('/Images/userid/19')).json()) as Array<{ filename: string }>;
      expect(listed.filter((image) => image.filename === filename)).toHaveLength(1);
    });

    it('stalls, then forwards; a delay likewise', async () => {
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'stall', ms: 400 } });
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'delay', ms: 200 } });

      const stalledFor = await timed(async () => expect((await api('/LogInfo')).status).toBe(200));
      const delayedFor = await timed(async () => expect((await api('/LogInfo')).status).toBe(200));
      // Timers may fire a millisecond early against Date.now(); allow that, nothing more.
      expect(stalledFor).toBeGreaterThanOrEqual(398);
      expect(delayedFor).toBeGreaterThanOrEqual(198);
      expect(proxy.log.slice(-2).map((entry) => entry.outcome)).toEqual([
        'stalled 400 ms, then forwarded 200',
        'delayed 200 ms, then forwarded 200',
      ]);
    });

    it('gives up a stall as soon as the client aborts, leaving nothing pending', async () => {
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'stall', ms: 20_000 } });
      const controller = new AbortController();
      const stalled = api('/LogInfo', { signal: controller.signal });
      await waitFor(
        () => (proxy.log.at(-1)?.outcome === 'pending' ? true : undefined),
        'the stalled request',
      );
      controller.abort();
      await expect(stalled).rejects.toMatchObject({ name: 'AbortError' });

      const entry = proxy.log.at(-1)!;
      await waitFor(
        () => (entry.outcome === 'stalled 20000 ms, client closed' ? true : undefined),
        'the proxy to notice',
        2_000,
      );
      expect(entry.requestBytes).toBe(0);
      // The next request is served (no wall-clock bound: the test's own timeout catches a hang).
      expect((await api('/LogInfo')).status).toBe(200);
    });
  });

  describe('down and up', () => {
    it('refuses connections while down, cuts open ones, and serves again on the same URL when up', async () => {
      proxy.inject({ match: { url: /LogInfo/ }, fault: { type: 'stall', ms: 20_000 } });
      const inFlight = api('/LogInfo');
      await waitFor(
        () => (proxy.log.at(-1)?.outcome === 'pending' ? true : undefined),
        'the stalled request',
      );

      await proxy.down();
      expect(await failureCode(inFlight)).toMatch(CONNECTION_DROPPED);
      expect(await failureCode(api('/LogInfo'))).toBe('ECONNREFUSED');

      const url = proxy.url;
      await proxy.up();
      expect(proxy.url).toBe(url);
      expect((await api('/LogInfo')).status).toBe(200);
    });
  });
});

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await run();
  return Date.now() - start;
}
