import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appResponse, registerAppScheme } from '../../../src-main/electron/app-protocol.js';
import { isAppUrl, resolveAppFile } from '../../../src-main/electron/app-protocol-paths.js';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/content-security-policy.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { protocol } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('app:// protocol', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;

  beforeAll(async () => {
    temp = await makeTempDir();
    root = path.join(temp.dir, 'dist', 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(path.join(root, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(temp.dir, 'dist', 'secret.txt'), 'SECRET');
    await writeFile(path.join(temp.dir, 'renderer-evil.txt'), 'SECRET');
  });
  afterAll(() => temp.cleanup());

  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with a strict CSP', async () => {
    const page = await appResponse(root, 'GET', 'app://pathomiq/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>app</title>');
    const script = await appResponse(root, 'GET', 'app://pathomiq/assets/main.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await appResponse(root, 'GET', 'app://pathomiq/').then((r) => r.status)).toBe(200);

    for (const response of [page, script]) {
      const csp = response.headers.get('content-security-policy');
      expect(csp).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('the CSP allows nothing remote, no eval, no frames, no plugins', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*|ws:|blob:/);
  });

  it.each([
    'app://pathomiq/../secret.txt',
    'app://pathomiq/%2e%2e/secret.txt',
    'app://pathomiq/..%2Fsecret.txt',
    'app://pathomiq/..%2F..%2Frenderer-evil.txt',
    'app://pathomiq/assets/..%2F..%2Fsecret.txt',
    'app://pathomiq/..%5Csecret.txt',
    'app://pathomiq/%2E%2E%5C%2E%2E%5Crenderer-evil.txt',
    'app://pathomiq/index.html%00.js',
    'app://pathomiq/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'app://pathomiq/missing.js',
    'not a url',
  ])('refuses %s', async (url) => {
    const response = await appResponse(root, 'GET', url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SECRET');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('resolves only inside the root', () => {
    expect(resolveAppFile(root, 'app://pathomiq/assets/main.js')).toBe(path.join(root, 'assets', 'main.js'));
    expect(resolveAppFile(root, 'app://pathomiq/../../etc/passwd')).not.toBe('/etc/passwd');
    const resolved = resolveAppFile(root, 'app://pathomiq/../../etc/passwd');
    expect(resolved === null || resolved.startsWith(root + path.sep)).toBe(true);
  });

  it('answers only reads', async () => {
    expect((await appResponse(root, 'POST', 'app://pathomiq/index.html')).status).toBe(405);
    const head = await appResponse(root, 'HEAD', 'app://pathomiq/index.html');
    expect(head.status).toBe(200);
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://pathomiq/index.html#/x')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://pathomiq/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });
});
