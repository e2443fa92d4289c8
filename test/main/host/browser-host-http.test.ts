import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../src-main/host/browser-host.js';
import { FORBIDDEN_MESSAGE } from '../../../src-main/host/access-guard.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { httpGet, writeTinyRenderer } from './host-client.js';
import { createStubService } from './stub-service.js';

describe('browser host: page and assets behind the token', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let host: BrowserHost;
  const silent = () => undefined;

  beforeAll(async () => {
    temp = await makeTempDir();
    const rendererDir = await writeTinyRenderer(path.join(temp.dir, 'renderer'));
    host = await startBrowserHost({
      stateDir: temp.dir,
      rendererDir,
      service: createStubService(),
      describeError: String,
      warn: silent,
    });
  });
  afterAll(async () => {
    await host?.close();
    await temp?.cleanup();
  });

  const hostHeader = () => ({ host: `127.0.0.1:${host.port}` });

  it('gives an address with a 43-character base64url token on 127.0.0.1', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the page without a token or with a wrong one, in plain words', async () => {
    for (const urlPath of ['/', '/index.html', `/?token=${host.token.slice(1)}`, '/?token=']) {
      const answer = await httpGet(host.port, urlPath, hostHeader());
      expect(answer.status, urlPath).toBe(403);
      expect(answer.body).toBe(FORBIDDEN_MESSAGE);
      expect(answer.headers['content-type']).toMatch(/^text\/plain/);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const answer = await httpGet(host.port, `/?token=${host.token}`, { host: `evil.example:${host.port}` });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain(FORBIDDEN_MESSAGE);
    const otherPort = await httpGet(host.port, `/?token=${host.token}`, {
      host: `127.0.0.1:${host.port + 1}`,
    });
    expect(otherPort.status).toBe(403);
  });

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie and security headers', async () => {
    const answer = await httpGet(host.port, `/?token=${host.token}`, hostHeader());
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>PathomIQ Uploader</title>');
    const cookie = answer.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`pathomiq_ui_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });

  it('answers to localhost:<port> too', async () => {
    const answer = await httpGet(host.port, `/?token=${host.token}`, { host: `localhost:${host.port}` });
    expect(answer.status).toBe(200);
  });

  it('serves assets with the cookie, and refuses them without it or with a stale one', async () => {
    const withCookie = await httpGet(host.port, '/assets/app.js', {
      ...hostHeader(),
      cookie: `other=1; pathomiq_ui_${host.port}=${host.token}`,
    });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body).toBe('console.log("app");');
    expect(withCookie.headers['x-content-type-options']).toBe('nosniff');

    expect((await httpGet(host.port, '/assets/app.js', hostHeader())).status).toBe(403);
    const stale = await httpGet(host.port, '/assets/app.js', {
      ...hostHeader(),
      cookie: `pathomiq_ui_${host.port}=not-the-token`,
    });
    expect(stale.status).toBe(403);
  });

  it('says how to build the UI when dist/renderer is missing', async () => {
    await expect(
      startBrowserHost({
        stateDir: temp.dir,
        rendererDir: path.join(temp.dir, 'nowhere'),
        service: createStubService(),
        describeError: String,
      }),
    ).rejects.toThrow(/run npm run build:renderer/);
  });
});
