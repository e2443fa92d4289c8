import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  hostAllowed,
  newAccessToken,
  originAllowed,
  readCookie,
  tokensMatch,
} from '../../../src-main/host/access-guard.js';
import { RENDERER_CSP } from '../../../src-main/host/security-headers.js';
import { REPO_ROOT } from '../../helpers/cli.js';

describe('access guard', () => {
  it('makes a fresh 256-bit base64url token each time', () => {
    const a = newAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newAccessToken()).not.toBe(a);
  });

  it('matches tokens only exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('abc', '')).toBe(false);
    expect(tokensMatch('abc', null)).toBe(false);
    expect(tokensMatch('abc', undefined)).toBe(false);
  });

  it('allows only 127.0.0.1 and localhost on our port as Host and Origin', () => {
    expect(hostAllowed('127.0.0.1:4010', 4010)).toBe(true);
    expect(hostAllowed('LOCALHOST:4010', 4010)).toBe(true);
    expect(hostAllowed('127.0.0.1', 4010)).toBe(false);
    expect(hostAllowed('attacker.example:4010', 4010)).toBe(false);
    expect(hostAllowed(undefined, 4010)).toBe(false);
    expect(originAllowed('http://localhost:4010', 4010)).toBe(true);
    expect(originAllowed('https://127.0.0.1:4010', 4010)).toBe(false);
    expect(originAllowed('null', 4010)).toBe(false);
    expect(originAllowed(undefined, 4010)).toBe(true);
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; pathomiq_ui_1=tok=en; b=2', 'pathomiq_ui_1')).toBe('tok=en');
    expect(readCookie('xpathomiq_ui_1=1', 'pathomiq_ui_1')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });

  it('sends the same Content-Security-Policy as the renderer page declares', async () => {
    const html = await readFile(`${REPO_ROOT}/src-renderer/index.html`, 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });
});
